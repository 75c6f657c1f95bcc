import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { CostSeries } from '@ai-platform/plugin-cost-common';
import { SERIES_COLORS } from './CostChart';
import {
  formatCurrency,
  formatShare,
} from '@ai-platform/plugin-ai-platform-react';

const useStyles = makeStyles((theme: Theme) => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: { marginBottom: theme.spacing(1) },
  row: { display: 'flex', justifyContent: 'space-between', gap: 8 },
  label: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  track: {
    height: 6,
    borderRadius: 3,
    backgroundColor: theme.palette.action.hover,
    overflow: 'hidden',
  },
  bar: { height: '100%', borderRadius: 3 },
}));

/** Props of {@link SplitBreakdown}. */
export interface SplitBreakdownProps {
  /** What the series are, e.g. `service`. */
  label: string;
  series: CostSeries[];
  currency: string;
  /** Rows beyond this many are summed into "Other". */
  max?: number;
}

/**
 * A split as a list: each value's amount, share of the total and a bar.
 */
export function SplitBreakdown(props: SplitBreakdownProps) {
  const { label, series, currency, max = 6 } = props;
  const classes = useStyles();
  const total = series.reduce((sum, s) => sum + s.total, 0);
  const rows = series.slice(0, max).map(s => ({
    key: s.key,
    label: s.label,
    total: s.total,
  }));
  const rest = series.slice(max);
  if (rest.length > 0) {
    rows.push({
      key: '__other__',
      label: `Other (${rest.length})`,
      total: rest.reduce((sum, s) => sum + s.total, 0),
    });
  }
  if (rows.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        Nothing to split by {label}.
      </Typography>
    );
  }
  return (
    <ul className={classes.list} aria-label={`Cost by ${label}`}>
      {rows.map((row, i) => (
        <li key={row.key} className={classes.item}>
          <div className={classes.row}>
            <Typography variant="body2" className={classes.label}>
              {row.label}
            </Typography>
            <Typography variant="body2">
              {formatCurrency(row.total, currency)}{' '}
              <Typography
                component="span"
                variant="caption"
                color="textSecondary"
              >
                {formatShare(row.total, total)}
              </Typography>
            </Typography>
          </div>
          <div className={classes.track} aria-hidden>
            <div
              className={classes.bar}
              style={{
                width: `${total === 0 ? 0 : (row.total / total) * 100}%`,
                backgroundColor: SERIES_COLORS[i % SERIES_COLORS.length],
              }}
            />
          </div>
        </li>
      ))}
    </ul>
  );
}
