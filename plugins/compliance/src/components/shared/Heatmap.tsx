import { Link } from '@backstage/core-components';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/core-plugin-api';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { HeatmapResponse } from '@ai-platform/plugin-compliance-common';
import { ScoreLegend } from './ScoreLegend';
import { formatScore, scoreColor, scoreTextColor } from './scoreColor';

/** Props of {@link Heatmap}. */
export interface HeatmapProps {
  heatmap: HeatmapResponse;
}

/** Teams by frameworks, each cell the team's mean score coloured by level, with the colours' legend. */
export function Heatmap(props: HeatmapProps) {
  const entityRoute = useRouteRef(entityRouteRef);
  const { frameworks, rows } = props.heatmap;
  return (
    <>
      <Table size="small" aria-label="Compliance heat map">
        <TableHead>
          <TableRow>
            <TableCell>Team</TableCell>
            {frameworks.map(f => (
              <TableCell key={f.id} align="center">
                {f.title}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(row => {
            const ref = parseEntityRef(row.groupRef);
            return (
              <TableRow key={row.groupRef}>
                <TableCell component="th" scope="row">
                  <Link to={entityRoute(ref)}>{row.title ?? ref.name}</Link>
                </TableCell>
                {frameworks.map(f => {
                  const cell = row.scores[f.id];
                  return (
                    <TableCell
                      key={f.id}
                      align="center"
                      data-testid={`heat-${ref.name}-${f.id}`}
                      title={
                        cell
                          ? `${cell.entities} entities, ${
                              cell.level ?? 'no level'
                            }`
                          : 'No entities in scope'
                      }
                      style={{
                        backgroundColor: scoreColor(cell?.score),
                        color: scoreTextColor(cell?.score),
                        fontWeight: 600,
                      }}
                    >
                      {formatScore(cell?.score)}
                    </TableCell>
                  );
                })}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <ScoreLegend />
    </>
  );
}
