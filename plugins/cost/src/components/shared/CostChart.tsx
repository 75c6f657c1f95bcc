import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  CostGranularity,
  CostPoint,
  CostSeries,
} from '@ai-platform/plugin-cost-common';
import { formatBucket, formatDay } from '../../utils/format';
import { srOnly } from './srOnly';
import {
  formatCurrency,
  formatCurrencyCompact,
} from '@ai-platform/plugin-ai-platform-react';

/** Colours of the series, in order (a colour-blind-safe categorical palette). */
export const SERIES_COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#76b7b2',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

const useStyles = makeStyles((theme: Theme) => ({
  figure: { margin: 0, marginBottom: theme.spacing(1) },
  srOnly,
}));

const OTHER_KEY = '__other__';

/** Props of {@link CostChart}. */
export interface CostChartProps {
  /** The figure's accessible name. */
  title: string;
  /** Totals per bucket. */
  points: CostPoint[];
  /** Series of a split, largest first; the totals are drawn when empty. */
  series?: CostSeries[];
  granularity: CostGranularity;
  currency: string;
  /** Stacked areas (the default) or stacked bars. */
  variant?: 'area' | 'bar';
  /** Series beyond this many are summed into "Other". */
  maxSeries?: number;
  height?: number;
}

interface Drawn {
  key: string;
  label: string;
}

/**
 * Cost over time: the total, or a series per split value stacked, with a
 * legend, a tooltip in money and a summary for screen readers.
 */
export function CostChart(props: CostChartProps) {
  const {
    title,
    points,
    series = [],
    granularity,
    currency,
    variant = 'area',
    maxSeries = 8,
    height = 260,
  } = props;
  const classes = useStyles();
  const theme = useTheme<Theme>();

  const shown = series.slice(0, maxSeries);
  const rest = series.slice(maxSeries);
  const drawn: Drawn[] =
    series.length === 0
      ? [{ key: 'total', label: 'Cost' }]
      : [
          ...shown.map(s => ({ key: s.key, label: s.label })),
          ...(rest.length > 0
            ? [{ key: OTHER_KEY, label: `Other (${rest.length})` }]
            : []),
        ];
  const data = points.map((p, i) => {
    const row: Record<string, number | string> = { date: p.date };
    if (series.length === 0) {
      row.total = p.amount;
    } else {
      for (const s of shown) row[s.key] = s.points[i]?.amount ?? 0;
      if (rest.length > 0) {
        row[OTHER_KEY] = rest.reduce(
          (sum, s) => sum + (s.points[i]?.amount ?? 0),
          0,
        );
      }
    }
    return row;
  });

  const total = points.reduce((sum, p) => sum + p.amount, 0);
  const peak = points.reduce(
    (max, p) => (p.amount > max.amount ? p : max),
    points[0] ?? { date: '', amount: 0 },
  );
  const summary =
    points.length === 0
      ? 'No cost in this range.'
      : `${formatCurrency(total, currency)} from ${formatDay(
          points[0].date,
        )} to ${formatDay(points[points.length - 1].date)}; highest ${
          granularity === 'day' ? 'day' : granularity
        } ${formatDay(peak.date)} at ${formatCurrency(peak.amount, currency)}.`;

  const tick = { fill: theme.palette.text.secondary, fontSize: 12 };
  const common = {
    data,
    responsive: true,
    style: { width: '100%', height },
    margin: { top: 8, right: 16, bottom: 8, left: 8 },
  };
  const axes = [
    <CartesianGrid key="grid" strokeDasharray="3 3" vertical={false} />,
    <XAxis
      key="x"
      dataKey="date"
      tickFormatter={(d: string) => formatBucket(d, granularity)}
      tick={tick}
      minTickGap={16}
    />,
    <YAxis
      key="y"
      tickFormatter={(v: number) => formatCurrencyCompact(v, currency)}
      tick={tick}
      width={64}
    />,
    <Tooltip
      key="tooltip"
      labelFormatter={label => formatDay(String(label))}
      formatter={value => formatCurrency(Number(value), currency)}
    />,
    ...(drawn.length > 1 ? [<Legend key="legend" />] : []),
  ];

  return (
    <figure className={classes.figure} aria-label={title}>
      <p className={classes.srOnly}>{summary}</p>
      {variant === 'bar' ? (
        <BarChart {...common}>
          {axes}
          {drawn.map((d, i) => (
            <Bar
              key={d.key}
              dataKey={d.key}
              name={d.label}
              stackId="cost"
              fill={SERIES_COLORS[i % SERIES_COLORS.length]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      ) : (
        <AreaChart {...common}>
          {axes}
          {drawn.map((d, i) => (
            <Area
              key={d.key}
              dataKey={d.key}
              name={d.label}
              type="monotone"
              stackId="cost"
              stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
              fill={SERIES_COLORS[i % SERIES_COLORS.length]}
              fillOpacity={0.35}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      )}
    </figure>
  );
}
