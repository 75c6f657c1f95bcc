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
import { UsageSample, UsageWindow } from '../../api';
import { formatMemory } from '../../utils/format';
import { srOnly } from './srOnly';
import {
  formatDateTime,
  formatNumber,
  formatPercent,
  formatWindowTick,
  WINDOW_LABELS,
} from '@ai-platform/plugin-ai-platform-react';

const useStyles = makeStyles((theme: Theme) => ({
  figure: { margin: 0, marginBottom: theme.spacing(2) },
  srOnly,
}));

/** Props of {@link UsageChart}. */
export interface UsageChartProps {
  series: UsageSample[];
  window: UsageWindow;
  /** Total framebuffer memory of the GPUs, to scale the memory axis. */
  memoryTotalMiB: number;
}

/**
 * GPU utilisation (%, left axis) and memory in use (GiB, right axis) over
 * the window.
 */
export function UsageChart(props: UsageChartProps) {
  const { series, window, memoryTotalMiB } = props;
  const classes = useStyles();
  const theme = useTheme<Theme>();
  const data = series.map(s => ({
    t: s.t,
    utilisation: s.utilisation,
    memoryGiB: s.memoryUsedMiB === null ? null : s.memoryUsedMiB / 1024,
  }));
  const samples = series.filter(s => s.utilisation !== null);
  const summary =
    samples.length === 0
      ? `No utilisation samples in the ${WINDOW_LABELS[window]}.`
      : `${samples.length} samples in the ${
          WINDOW_LABELS[window]
        }; utilisation from ${formatPercent(
          Math.min(...samples.map(s => s.utilisation as number)),
        )} to ${formatPercent(
          Math.max(...samples.map(s => s.utilisation as number)),
        )}.`;
  const tick = { fill: theme.palette.text.secondary, fontSize: 12 };

  return (
    <figure
      className={classes.figure}
      aria-label="GPU utilisation and memory over time"
    >
      <p className={classes.srOnly}>{summary}</p>
      <ComposedChart
        data={data}
        responsive
        style={{ width: '100%', height: 240 }}
        margin={{ top: 8, right: 8, bottom: 8, left: 8 }}
      >
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={['dataMin', 'dataMax']}
          tickFormatter={(t: number) => formatWindowTick(t, window)}
          tick={tick}
        />
        <YAxis
          yAxisId="utilisation"
          domain={[0, 100]}
          tickFormatter={(v: number) => `${v}%`}
          tick={tick}
          label={{
            value: 'Utilisation (%)',
            angle: -90,
            position: 'insideLeft',
            fill: theme.palette.text.secondary,
            fontSize: 12,
          }}
        />
        {/* The unit on each tick: a rotated axis title on this side was cut off at the card's edge. */}
        <YAxis
          yAxisId="memory"
          orientation="right"
          domain={[0, Math.max(1, Math.ceil(memoryTotalMiB / 1024))]}
          tickFormatter={(v: number) => `${formatNumber(v)} GiB`}
          tick={tick}
          width={64}
        />
        <Tooltip
          labelFormatter={label => formatDateTime(Number(label) * 1000)}
          formatter={(value, name, item) => [
            item.dataKey === 'utilisation'
              ? formatPercent(Number(value))
              : formatMemory(Number(value) * 1024),
            name,
          ]}
        />
        <Legend />
        <Area
          yAxisId="utilisation"
          dataKey="utilisation"
          name="Utilisation"
          type="monotone"
          stroke={theme.palette.primary.main}
          fill={theme.palette.primary.light}
          fillOpacity={0.3}
          isAnimationActive={false}
        />
        <Line
          yAxisId="memory"
          dataKey="memoryGiB"
          name="Memory used"
          type="monotone"
          stroke={theme.palette.secondary.main}
          dot={false}
          isAnimationActive={false}
        />
      </ComposedChart>
    </figure>
  );
}
