import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { UsageAggregate } from '../../api';
import { formatMemory } from '../../utils/format';
import { UsageChart } from './UsageChart';
import {
  formatCurrency,
  formatGpuHours,
  formatNumber,
  formatPercent,
  WINDOW_LABELS,
} from '@ai-platform/plugin-ai-platform-react';

const useStyles = makeStyles((theme: Theme) => ({
  stats: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(120px, 1fr))',
    gap: theme.spacing(2),
    margin: 0,
    marginBottom: theme.spacing(2),
  },
  statValue: {
    margin: 0,
    fontSize: theme.typography.h4.fontSize,
    fontWeight: 600,
    lineHeight: 1.2,
  },
  alert: { marginBottom: theme.spacing(1) },
}));

/** Props of {@link UsageSummary}. */
export interface UsageSummaryProps {
  usage: UsageAggregate;
}

/**
 * The figures, chart and warnings shared by the entity and group cards: GPUs
 * held, utilisation, memory, idle GPU-hours and the right-sizing advice.
 */
export function UsageSummary(props: UsageSummaryProps) {
  const { usage } = props;
  const classes = useStyles();
  const windowLabel = WINDOW_LABELS[usage.window] ?? usage.window;

  const stats: Array<[string, string, string?]> = [
    ['GPUs held', formatNumber(usage.gpusHeld)],
    [
      'Mean utilisation',
      formatPercent(usage.utilisation.mean),
      `peak ${formatPercent(usage.utilisation.max)}`,
    ],
    [
      'Memory used',
      formatMemory(usage.memoryUsedMiB.mean),
      `of ${formatMemory(usage.memoryTotalMiB)}`,
    ],
    ['Idle GPU-hours', formatNumber(usage.idleGpuHours)],
  ];

  return (
    <>
      <dl className={classes.stats}>
        {stats.map(([label, value, caption]) => (
          <div key={label}>
            <Typography component="dt" variant="body2" color="textSecondary">
              {label}
            </Typography>
            <dd className={classes.statValue}>{value}</dd>
            {caption && (
              <Typography variant="caption" color="textSecondary">
                {caption}
              </Typography>
            )}
          </div>
        ))}
      </dl>
      {usage.idleGpuHours > 0 && (
        <Alert severity="warning" className={classes.alert}>
          {formatGpuHours(usage.idleGpuHours)} wasted: GPUs were held but idle
          in the {windowLabel}.
        </Alert>
      )}
      {usage.rightsizing && (
        <Alert severity="info" className={classes.alert}>
          Right-size from {usage.rightsizing.current} to{' '}
          {usage.rightsizing.recommended}: {usage.rightsizing.reason}. Saves{' '}
          {formatCurrency(usage.rightsizing.monthlySaving)} a month.
        </Alert>
      )}
      {usage.xidErrors > 0 && (
        <Alert severity="error" className={classes.alert}>
          {formatNumber(usage.xidErrors)} XID error
          {usage.xidErrors === 1 ? '' : 's'} reported by the GPU driver.
        </Alert>
      )}
      <Box mt={2}>
        <UsageChart
          series={usage.series}
          window={usage.window}
          memoryTotalMiB={usage.memoryTotalMiB}
        />
      </Box>
    </>
  );
}
