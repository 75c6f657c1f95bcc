import { useState } from 'react';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import ButtonBase from '@material-ui/core/ButtonBase';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { complianceApiRef } from '../../api';
import { ScoreLegend } from '../shared/ScoreLegend';
import { formatScore, scoreColor, scoreTextColor } from '../shared/scoreColor';
import { EvidenceDialog } from './EvidenceDialog';
import { downloadBlob } from '@ai-platform/plugin-ai-platform-react';

/** Props of {@link FrameworkView}. */
export interface FrameworkViewProps {
  frameworkId: string;
}

/** A framework's controls by teams, with drill-down to evidence and export. */
export function FrameworkView(props: FrameworkViewProps) {
  const api = useApi(complianceApiRef);
  const { value, loading, error } = useAsync(
    () => api.getMatrix(props.frameworkId),
    [api, props.frameworkId],
  );
  const [open, setOpen] = useState<{
    controlId: string;
    title: string;
    team?: string;
  }>();
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value || value.teams.length === 0)
    return (
      <EmptyState
        missing="data"
        title="No results in this framework"
        description="No evaluated entity is in the scope of this framework yet."
      />
    );
  const exportAll = async (format: 'csv' | 'json') =>
    downloadBlob(
      await api.downloadEvidence({ frameworkId: props.frameworkId, format }),
      `evidence-${props.frameworkId}.${format}`,
    );
  return (
    <InfoCard
      title={value.framework.title}
      subheader={`${
        value.framework.version ?? ''
      } · share of each team's entities meeting each control; select a cell for the evidence`}
      action={
        <Box display="flex" gridGap={8} p={1}>
          <Button variant="outlined" onClick={() => exportAll('csv')}>
            Export CSV
          </Button>
          <Button variant="outlined" onClick={() => exportAll('json')}>
            Export JSON
          </Button>
        </Box>
      }
    >
      <Box overflow="auto">
        <Table
          size="small"
          aria-label={`${value.framework.title} controls by team`}
        >
          <TableHead>
            <TableRow>
              <TableCell>Control</TableCell>
              {value.teams.map(t => (
                <TableCell key={t.groupRef} align="center">
                  {t.title ?? parseEntityRef(t.groupRef).name}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {value.rows.map(row => (
              <TableRow key={row.controlId}>
                <TableCell component="th" scope="row">
                  <ButtonBase
                    onClick={() =>
                      setOpen({ controlId: row.controlId, title: row.title })
                    }
                    style={{ textAlign: 'left', display: 'block' }}
                  >
                    <Typography variant="body2">
                      <strong>{row.controlId}</strong> {row.title}
                    </Typography>
                  </ButtonBase>
                </TableCell>
                {value.teams.map(t => {
                  const cell = row.cells[t.groupRef];
                  return (
                    <TableCell
                      key={t.groupRef}
                      align="center"
                      style={{
                        backgroundColor: scoreColor(cell?.score),
                        color: scoreTextColor(cell?.score),
                        padding: 0,
                      }}
                    >
                      <ButtonBase
                        style={{
                          width: '100%',
                          padding: 6,
                          color: scoreTextColor(cell?.score),
                          fontWeight: 600,
                        }}
                        aria-label={`${row.controlId} ${t.groupRef}: ${
                          cell?.passed ?? 0
                        } meet, ${cell?.failed ?? 0} do not`}
                        onClick={() =>
                          setOpen({
                            controlId: row.controlId,
                            title: row.title,
                            team: t.groupRef,
                          })
                        }
                      >
                        {formatScore(cell?.score)}
                      </ButtonBase>
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <ScoreLegend />
      </Box>
      {open && (
        <EvidenceDialog
          frameworkId={props.frameworkId}
          controlId={open.controlId}
          controlTitle={open.title}
          team={open.team}
          onClose={() => setOpen(undefined)}
        />
      )}
    </InfoCard>
  );
}
