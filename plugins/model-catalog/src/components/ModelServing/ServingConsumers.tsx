import { EmptyState, Table } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import {
  formatNumber,
  formatPercent,
  NO_DATA,
  wholeWordsCell,
} from '@ai-platform/plugin-ai-platform-react';
import {
  ConsumerInput,
  ConsumerRow,
  consumerRows,
  UnattributedInput,
} from './consumerRows';
import { formatMoney, formatTokens } from './format';

/** Colours of the callers, in order (a colour-blind-safe categorical palette). */
const COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#76b7b2',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
];
const UNATTRIBUTED_COLOR = '#bab0ac';

const useStyles = makeStyles((theme: Theme) => ({
  bar: {
    display: 'flex',
    height: 20,
    width: '100%',
    borderRadius: 4,
    overflow: 'hidden',
    background: theme.palette.action.hover,
    margin: theme.spacing(1, 0),
  },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    listStyle: 'none',
    padding: 0,
    margin: theme.spacing(0, 0, 2),
  },
  swatch: {
    display: 'inline-block',
    width: 10,
    height: 10,
    marginRight: theme.spacing(0.5),
    borderRadius: 2,
  },
}));

/** Props of {@link ServingConsumers}. */
export interface ServingConsumersProps {
  consumers: ConsumerInput[];
  unattributed: UnattributedInput;
  /** The currency of the costs; costs are left out without one. */
  currency?: string;
  /** Said under the table when costs are missing, e.g. who may see them. */
  costNote?: string;
}

function colourOf(row: ConsumerRow, index: number): string {
  return row.unattributed ? UNATTRIBUTED_COLOR : COLORS[index % COLORS.length];
}

/**
 * "Who uses it": the callers the AI gateway names (with their catalog entity
 * and team when known) and the unattributed tokens, as a share bar and a
 * table of tokens and cost.
 */
export function ServingConsumers(props: ServingConsumersProps) {
  const { consumers, unattributed, currency, costNote } = props;
  const classes = useStyles();
  const { rows, shareOf } = consumerRows(
    currency ? consumers : consumers.map(({ cost: _c, ...c }) => c),
    currency ? unattributed : { ...unattributed, cost: undefined },
  );
  if (rows.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No gateway data"
        description="The AI gateway reported no tokens for this server in the window: callers that reach it directly, not through the gateway, are not counted."
      />
    );
  }
  const shareLabel = shareOf === 'cost' ? 'Share of cost' : 'Share of tokens';
  const pictureLabel = `${shareLabel}: ${rows
    .map(r => `${r.caller} ${formatPercent(r.share * 100)}`)
    .join(', ')}`;
  const hasCost = shareOf === 'cost' || rows.some(r => r.cost !== undefined);

  return (
    <Box>
      <Typography variant="subtitle2" component="h4">
        {shareLabel}
      </Typography>
      <div className={classes.bar} role="img" aria-label={pictureLabel}>
        {rows.map((r, i) => (
          <div
            key={r.id}
            title={`${r.caller}: ${formatPercent(r.share * 100)}`}
            style={{ width: `${r.share * 100}%`, background: colourOf(r, i) }}
          />
        ))}
      </div>
      <ul className={classes.legend} aria-hidden="true">
        {rows.map((r, i) => (
          <li key={r.id}>
            <span
              className={classes.swatch}
              style={{ background: colourOf(r, i) }}
            />
            <Typography variant="caption">
              {r.caller} {formatPercent(r.share * 100)}
            </Typography>
          </li>
        ))}
      </ul>
      <Table<ConsumerRow>
        title="Callers and their share"
        options={{ paging: false, search: false, padding: 'dense' }}
        columns={[
          {
            title: 'Caller',
            field: 'caller',
            render: r =>
              r.unattributed ? (
                <span title="Tokens the gateway could not name a caller for">
                  Unattributed
                </span>
              ) : (
                r.caller
              ),
          },
          {
            title: 'Catalog entity',
            field: 'entityRef',
            render: r =>
              r.entityRef ? <EntityRefLink entityRef={r.entityRef} /> : NO_DATA,
          },
          {
            title: 'Team',
            field: 'ownerRef',
            cellStyle: wholeWordsCell,
            render: r =>
              r.ownerRef ? (
                <EntityRefLink entityRef={r.ownerRef} defaultKind="group" />
              ) : (
                NO_DATA
              ),
          },
          {
            title: 'Input tokens',
            field: 'inputTokens',
            type: 'numeric',
            render: r => (
              <span title={formatNumber(r.inputTokens)}>
                {formatTokens(r.inputTokens)}
              </span>
            ),
          },
          {
            title: 'Output tokens',
            field: 'outputTokens',
            type: 'numeric',
            render: r => (
              <span title={formatNumber(r.outputTokens)}>
                {formatTokens(r.outputTokens)}
              </span>
            ),
          },
          ...(hasCost
            ? [
                {
                  title: 'Cost',
                  field: 'cost',
                  type: 'numeric' as const,
                  render: (r: ConsumerRow) => formatMoney(r.costText, currency),
                },
              ]
            : []),
          {
            title: shareLabel,
            field: 'share',
            type: 'numeric',
            render: r => formatPercent(r.share * 100),
          },
        ]}
        data={rows}
      />
      {!hasCost && costNote && (
        <Typography variant="caption" color="textSecondary">
          {costNote}
        </Typography>
      )}
    </Box>
  );
}
