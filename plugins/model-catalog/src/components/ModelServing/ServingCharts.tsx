import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  formatDateTime,
  formatNumber,
  formatPercent,
  formatWindowTick,
  WINDOW_LABELS,
} from '@ai-platform/plugin-ai-platform-react';
import type {
  ServingSample,
  UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';
import { formatRate, formatSeconds } from './format';
import { srOnly } from './srOnly';

const useStyles = makeStyles((theme: Theme) => ({
  figure: { margin: 0, marginBottom: theme.spacing(2) },
  srOnly,
}));

/** Props of {@link ServingCharts}. */
export interface ServingChartsProps {
  series: ServingSample[];
  window: UsageWindow;
}

function range(values: number[], format: (v: number) => string): string {
  return values.length === 0
    ? 'no samples'
    : `from ${format(Math.min(...values))} to ${format(Math.max(...values))}`;
}

/**
 * Two charts over the window: tokens per second (prompt and generation) with
 * requests per second, and the p95 latencies with the serving GPUs'
 * utilisation; each with a summary for screen readers.
 */
export function ServingCharts(props: ServingChartsProps) {
  const { series, window } = props;
  const classes = useStyles();
  const theme = useTheme<Theme>();
  const tick = { fill: theme.palette.text.secondary, fontSize: 12 };
  const xAxis = (
    <XAxis
      dataKey="t"
      type="number"
      scale="time"
      domain={['dataMin', 'dataMax']}
      tickFormatter={(t: number) => formatWindowTick(t, window)}
      tick={tick}
    />
  );
  const label = (t: unknown) => formatDateTime(Number(t) * 1000);
  const windowLabel = WINDOW_LABELS[window];
  const present = (vs: Array<number | null>) =>
    vs.filter((v): v is number => v !== null);

  const throughputSummary = `Over the ${windowLabel}: prompt tokens ${range(
    series.map(s => s.promptTokensPerSecond),
    v => formatRate(v),
  )}, generated tokens ${range(
    series.map(s => s.generationTokensPerSecond),
    v => formatRate(v),
  )}, requests ${range(
    series.map(s => s.requestsPerSecond),
    v => formatRate(v),
  )}.`;
  const latencySummary = `Over the ${windowLabel}: time to first token p95 ${range(
    present(series.map(s => s.ttftP95Seconds)),
    formatSeconds,
  )}, request latency p95 ${range(
    present(series.map(s => s.e2eP95Seconds)),
    formatSeconds,
  )}, GPU utilisation ${range(
    present(series.map(s => s.utilisation)),
    formatPercent,
  )}.`;

  return (
    <>
      <figure
        className={classes.figure}
        aria-label="Tokens and requests per second over time"
      >
        <p className={classes.srOnly}>{throughputSummary}</p>
        <ComposedChart
          data={series}
          responsive
          style={{ width: '100%', height: 220 }}
          margin={{ top: 8, right: 8, bottom: 8, left: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          {xAxis}
          <YAxis
            yAxisId="tokens"
            tickFormatter={(v: number) => formatNumber(v)}
            tick={tick}
            label={{
              value: 'Tokens/s',
              angle: -90,
              position: 'insideLeft',
              fill: theme.palette.text.secondary,
              fontSize: 12,
            }}
          />
          {/* Axes other than tokens carry their unit on each tick: rotated
              titles were cut off at the card's edges. */}
          <YAxis
            yAxisId="requests"
            orientation="right"
            tickFormatter={(v: number) => `${formatNumber(v)} req/s`}
            tick={tick}
            width={72}
          />
          <Tooltip
            labelFormatter={label}
            formatter={(value, name) => [formatRate(Number(value)), name]}
          />
          <Legend />
          <Area
            yAxisId="tokens"
            dataKey="promptTokensPerSecond"
            name="Prompt tokens/s"
            type="monotone"
            stackId="tokens"
            stroke={theme.palette.primary.main}
            fill={theme.palette.primary.light}
            fillOpacity={0.3}
            isAnimationActive={false}
          />
          <Area
            yAxisId="tokens"
            dataKey="generationTokensPerSecond"
            name="Generated tokens/s"
            type="monotone"
            stackId="tokens"
            stroke={theme.palette.secondary.main}
            fill={theme.palette.secondary.light}
            fillOpacity={0.3}
            isAnimationActive={false}
          />
          <Line
            yAxisId="requests"
            dataKey="requestsPerSecond"
            name="Requests/s"
            type="monotone"
            stroke={theme.palette.text.primary}
            dot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </figure>
      <figure
        className={classes.figure}
        aria-label="Latency and GPU utilisation over time"
      >
        <p className={classes.srOnly}>{latencySummary}</p>
        <ComposedChart
          data={series}
          responsive
          style={{ width: '100%', height: 220 }}
          margin={{ top: 8, right: 8, bottom: 8, left: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          {xAxis}
          <YAxis
            yAxisId="seconds"
            tickFormatter={(v: number) => `${formatNumber(v)} s`}
            tick={tick}
          />
          <YAxis
            yAxisId="utilisation"
            orientation="right"
            domain={[0, 100]}
            tickFormatter={(v: number) => `${v}%`}
            tick={tick}
          />
          <Tooltip
            labelFormatter={label}
            formatter={(value, name, item) => [
              item.dataKey === 'utilisation'
                ? formatPercent(Number(value))
                : formatSeconds(Number(value)),
              name,
            ]}
          />
          <Legend />
          <Area
            yAxisId="utilisation"
            dataKey="utilisation"
            name="GPU utilisation"
            type="monotone"
            stroke={theme.palette.success.main}
            fill={theme.palette.success.light}
            fillOpacity={0.2}
            isAnimationActive={false}
          />
          <Line
            yAxisId="seconds"
            dataKey="ttftP95Seconds"
            name="Time to first token p95"
            type="monotone"
            stroke={theme.palette.primary.main}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            yAxisId="seconds"
            dataKey="e2eP95Seconds"
            name="Request latency p95"
            type="monotone"
            stroke={theme.palette.secondary.main}
            dot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </figure>
    </>
  );
}
