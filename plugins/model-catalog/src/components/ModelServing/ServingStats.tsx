import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import {
  formatNumber,
  formatPercent,
} from '@ai-platform/plugin-ai-platform-react';
import type { ServingTotals } from '@ai-platform/plugin-gpu-metrics-common';
import { formatMemory, formatRate, formatSeconds } from './format';

const useStyles = makeStyles((theme: Theme) => ({
  stats: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))',
    gap: theme.spacing(2),
    margin: 0,
    marginBottom: theme.spacing(2),
  },
  value: {
    margin: 0,
    fontSize: theme.typography.h5.fontSize,
    fontWeight: 600,
    lineHeight: 1.2,
  },
}));

/** One headline figure: its label, value and a caption under it. */
export type ServingStat = [label: string, value: string, caption?: string];

/** Props of {@link ServingStats}. */
export interface ServingStatsProps {
  /** The figures' accessible name. */
  label: string;
  stats: ServingStat[];
}

/** Headline figures as a description list, so each value is read with its label. */
export function ServingStats(props: ServingStatsProps) {
  const { label, stats } = props;
  const classes = useStyles();
  return (
    <dl className={classes.stats} aria-label={label}>
      {stats.map(([name, value, caption]) => (
        <div key={name}>
          <Typography component="dt" variant="body2" color="textSecondary">
            {name}
          </Typography>
          <dd className={classes.value}>{value}</dd>
          {caption && (
            <Typography
              component="dd"
              variant="caption"
              color="textSecondary"
              style={{ margin: 0 }}
            >
              {caption}
            </Typography>
          )}
        </div>
      ))}
    </dl>
  );
}

/**
 * A count of tokens or requests: whole, as Prometheus' `increase()`
 * extrapolates counters to the window's edges and answers fractions.
 */
const formatCount = (n: number) => formatNumber(Math.round(n));

/** The serving figures of a window: throughput, latency, GPUs. */
export function servingStats(totals: ServingTotals): ServingStat[] {
  return [
    [
      'Prompt tokens',
      formatRate(totals.promptTokensPerSecond),
      `${formatCount(totals.inputTokens)} in the window`,
    ],
    [
      'Generated tokens',
      formatRate(totals.generationTokensPerSecond),
      `${formatCount(totals.outputTokens)} in the window`,
    ],
    [
      'Requests',
      formatRate(totals.requestsPerSecond),
      `${formatCount(totals.requests)} in the window`,
    ],
    [
      'Time to first token',
      formatSeconds(totals.ttftSeconds.p50),
      `p50; p95 ${formatSeconds(totals.ttftSeconds.p95)}`,
    ],
    [
      'Request latency',
      formatSeconds(totals.e2eSeconds.p50),
      `p50; p95 ${formatSeconds(totals.e2eSeconds.p95)}`,
    ],
    [
      'GPU utilisation',
      formatPercent(totals.gpuUtilisation.mean),
      `mean; peak ${formatPercent(totals.gpuUtilisation.max)}`,
    ],
    [
      'GPU memory used',
      formatMemory(totals.gpuMemoryUsedMiB.mean),
      `mean; peak ${formatMemory(totals.gpuMemoryUsedMiB.max)}`,
    ],
  ];
}
