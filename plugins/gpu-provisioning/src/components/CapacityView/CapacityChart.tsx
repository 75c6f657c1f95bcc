import { useId } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { GpuClassCapacity } from '@ai-platform/plugin-gpu-provisioning-common';

const useStyles = makeStyles((theme: Theme) => ({
  figure: { margin: 0, marginBottom: theme.spacing(2) },
  srOnly: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
}));

/** A row of the chart: one GPU class or MIG profile. */
interface CapacityBar {
  name: string;
  inUse: number;
  reserved: number;
  free: number;
  total: number;
  granted: number;
}

/** The label of a capacity row: the class, or its MIG profile. */
export function capacityLabel(item: GpuClassCapacity): string {
  return item.migProfile
    ? `${item.displayName} · ${item.migProfile}`
    : item.displayName;
}

function toBar(item: GpuClassCapacity): CapacityBar {
  return {
    name: capacityLabel(item),
    inUse: item.inUse,
    // Grants hold quota that pods may not use yet: the part of the grants
    // beyond what pods already use is reserved, not free.
    reserved: Math.max(0, item.granted - item.inUse),
    free: item.free,
    total: item.total,
    granted: item.granted,
  };
}

/** Props of {@link CapacityChart}. */
export interface CapacityChartProps {
  /** The chart's caption, e.g. `Whole GPUs on gpu-a`. */
  title: string;
  /** What the bars count, e.g. `GPUs` or `MIG instances`. */
  unit: string;
  items: GpuClassCapacity[];
}

/**
 * Capacity as horizontal stacked bars, one per GPU class or MIG profile: in
 * use by pods, reserved by the portal's grants, and free, out of the total.
 */
export function CapacityChart(props: CapacityChartProps) {
  const { title, unit, items } = props;
  const classes = useStyles();
  const theme = useTheme<Theme>();
  const captionId = useId();
  const data = items.map(toBar);
  const max = Math.max(
    1,
    ...data.map(d => Math.max(d.total, d.inUse + d.reserved + d.free)),
  );
  const height = 70 + data.length * 44;

  return (
    <figure className={classes.figure} aria-labelledby={captionId}>
      <Typography
        id={captionId}
        component="figcaption"
        variant="subtitle2"
        color="textSecondary"
      >
        {title}
      </Typography>
      <p className={classes.srOnly}>
        {data
          .map(
            d =>
              `${d.name}: ${d.inUse} of ${d.total} ${unit} in use by pods, ${d.granted} granted by the portal, ${d.free} free.`,
          )
          .join(' ')}
      </p>
      <BarChart
        layout="vertical"
        data={data}
        responsive
        style={{ width: '100%', height }}
        margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
        barCategoryGap={10}
      >
        <CartesianGrid horizontal={false} strokeDasharray="3 3" />
        <XAxis
          type="number"
          domain={[0, max]}
          allowDecimals={false}
          tick={{ fill: theme.palette.text.secondary, fontSize: 12 }}
        />
        <YAxis
          type="category"
          dataKey="name"
          width={170}
          tick={{ fill: theme.palette.text.primary, fontSize: 12 }}
        />
        <Tooltip
          formatter={(value, name) => [`${value} ${unit}`, name]}
          labelFormatter={(label, payload) => {
            const total = payload?.[0]?.payload?.total;
            return total === undefined ? label : `${label} (${total} total)`;
          }}
        />
        <Legend itemSorter={null} />
        <Bar
          dataKey="inUse"
          name="In use by pods"
          stackId="capacity"
          fill={theme.palette.primary.main}
          isAnimationActive={false}
        />
        <Bar
          dataKey="reserved"
          name="Granted by portal, not yet in use"
          stackId="capacity"
          fill={theme.palette.warning.main}
          isAnimationActive={false}
        />
        <Bar
          dataKey="free"
          name="Free"
          stackId="capacity"
          fill={theme.palette.success.main}
          isAnimationActive={false}
        />
      </BarChart>
    </figure>
  );
}
