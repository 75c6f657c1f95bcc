import { useState } from 'react';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableFooter from '@material-ui/core/TableFooter';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import {
  InferenceUsageItem,
  SERVING_WINDOWS,
  ServingWindow,
} from '@ai-platform/plugin-cost-common';
import {
  formatCurrency,
  formatNumber,
  WINDOW_LABELS,
  WindowToggle,
} from '@ai-platform/plugin-ai-platform-react';
import { costApiRef } from '../../api';
import { CostErrorPanel } from './CostErrorPanel';
import { NUMERIC_CELL } from './tableStyles';

/** Props of {@link InferenceUsed}. */
export interface InferenceUsedProps {
  /** The subject: a group (with every group below it) or one entity. */
  subjectRef: string;
  /** Whether the subject is a group. */
  isGroup: boolean;
  /** Its display name, for the table's name and the empty state. */
  name: string;
}

/** A server's name: its catalog entity, else its Service address. */
function ServerName(props: { item: InferenceUsageItem }) {
  const { item } = props;
  return (
    <>
      {item.serverEntityRef ? (
        <EntityRefLink entityRef={item.serverEntityRef} />
      ) : (
        item.serverAddress
      )}
      <Typography variant="caption" display="block" color="textSecondary">
        {item.namespace} on {item.cluster}
      </Typography>
    </>
  );
}

/** A decimal amount of the backend, for display: `$12.35`. */
function money(amount: string, currency: string): string {
  // Display only: the backend split the cost exactly, in nano-units.
  return formatCurrency(Number(amount), currency);
}

/**
 * "Inference you used": each model server the subject's components called
 * through the AI gateway over a window, their tokens in and out and their
 * share of the server's cost (split by tokens), with the total.
 */
export function InferenceUsed(props: InferenceUsedProps) {
  const { subjectRef, isGroup, name } = props;
  const api = useApi(costApiRef);
  const [window, setWindow] = useState<ServingWindow>('30d');
  const { value, loading, error } = useAsync(
    () =>
      api.getInferenceUsage(
        isGroup
          ? { groupRef: subjectRef, window }
          : { entityRef: subjectRef, window },
      ),
    [api, subjectRef, isGroup, window],
  );

  let content;
  if (error) {
    content = <CostErrorPanel error={error} />;
  } else if (loading || !value) {
    content = <Progress />;
  } else {
    const { currency, total } = value;
    const items = [...value.items].sort(
      (a, b) => Number(b.cost) - Number(a.cost),
    );
    content = (
      <>
        {value.errors.map(e => (
          <Box mb={1} key={e.cluster}>
            <Alert severity="warning">
              Serving data of {e.cluster} could not be read: {e.message}
            </Alert>
          </Box>
        ))}
        {items.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            {`No inference used in the ${WINDOW_LABELS[window]}: ${
              isGroup
                ? `no component of ${name} or the teams below it called a model server`
                : `${name} called no model server`
            } through the AI gateway.`}
          </Typography>
        ) : (
          <Table size="small" aria-label={`Inference used by ${name}`}>
            <TableHead>
              <TableRow>
                <TableCell>Model server</TableCell>
                <TableCell>Models</TableCell>
                <TableCell align="right">Tokens in</TableCell>
                <TableCell align="right">Tokens out</TableCell>
                <TableCell align="right">Cost</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map(item => (
                <TableRow
                  key={`${item.cluster}/${item.namespace}/${item.serverAddress}`}
                >
                  <TableCell>
                    <ServerName item={item} />
                  </TableCell>
                  <TableCell>{item.models.join(', ')}</TableCell>
                  <TableCell align="right" style={NUMERIC_CELL}>
                    {formatNumber(item.inputTokens)}
                  </TableCell>
                  <TableCell align="right" style={NUMERIC_CELL}>
                    {formatNumber(item.outputTokens)}
                  </TableCell>
                  <TableCell align="right" style={NUMERIC_CELL}>
                    {money(item.cost, currency)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
            <TableFooter>
              <TableRow>
                <TableCell component="th" scope="row" colSpan={2}>
                  Total
                </TableCell>
                <TableCell align="right" style={NUMERIC_CELL}>
                  {formatNumber(total.inputTokens)}
                </TableCell>
                <TableCell align="right" style={NUMERIC_CELL}>
                  {formatNumber(total.outputTokens)}
                </TableCell>
                <TableCell align="right" style={NUMERIC_CELL}>
                  {money(total.cost, currency)}
                </TableCell>
              </TableRow>
            </TableFooter>
          </Table>
        )}
      </>
    );
  }

  return (
    <>
      <Box
        display="flex"
        alignItems="center"
        justifyContent="space-between"
        flexWrap="wrap"
        mb={1}
        style={{ gap: 8 }}
      >
        <Typography variant="body2" color="textSecondary">
          Shared model servers' cost, split by the tokens each caller sent and
          received
        </Typography>
        <WindowToggle
          windows={SERVING_WINDOWS}
          value={window}
          onChange={setWindow}
          label="Inference window"
        />
      </Box>
      {content}
    </>
  );
}
