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
import { QuotaSharingClass } from '@ai-platform/plugin-gpu-provisioning-common';
import { memberName } from './memberName';
import { formatUnits } from '../../utils/format';

const useStyles = makeStyles((theme: Theme) => ({
  figure: { margin: 0, marginBottom: theme.spacing(1) },
  srOnly: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
}));

/** Props of {@link QuotaSharingChart}. */
export interface QuotaSharingChartProps {
  /** The chart's caption, e.g. `NVIDIA H100 80GB on gpu-prod`. */
  title: string;
  sharing: QuotaSharingClass;
}

/** One sentence per member, for screen readers and the chart's label. */
export function describeMember(
  member: QuotaSharingClass['members'][number],
  sharing: Pick<QuotaSharingClass, 'migProfile'>,
): string {
  const own = Math.min(member.inUse, member.nominal);
  return `${memberName(member)}: nominal ${formatUnits(
    member.nominal,
    sharing.migProfile,
  )}, ${own} in use, ${member.lent} lent, ${member.idle} idle, ${
    member.borrowed
  } borrowed beyond nominal.`;
}

/**
 * A cohort's quota of one GPU class as horizontal stacked bars, one per
 * member (the team first): its nominal quota split into in use, lent and
 * idle, and what it borrows beyond its nominal quota.
 */
export function QuotaSharingChart(props: QuotaSharingChartProps) {
  const { title, sharing } = props;
  const classes = useStyles();
  const theme = useTheme<Theme>();
  const captionId = useId();
  const data = sharing.members.map(m => ({
    name: memberName(m),
    own: Math.min(m.inUse, m.nominal),
    lent: m.lent,
    idle: m.idle,
    borrowed: m.borrowed,
  }));
  const max = Math.max(
    1,
    ...data.map(d => d.own + d.lent + d.idle + d.borrowed),
  );
  const height = 80 + data.length * 40;

  return (
    <figure
      className={classes.figure}
      aria-labelledby={captionId}
      data-testid="quota-sharing-chart"
    >
      <Typography
        id={captionId}
        component="figcaption"
        variant="subtitle2"
        color="textSecondary"
      >
        {title}
      </Typography>
      <p className={classes.srOnly}>
        {sharing.members.map(m => describeMember(m, sharing)).join(' ')}
      </p>
      <BarChart
        layout="vertical"
        data={data}
        responsive
        style={{ width: '100%', height }}
        margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
        barCategoryGap={8}
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
          width={150}
          tick={{ fill: theme.palette.text.primary, fontSize: 12 }}
        />
        <Tooltip
          formatter={(value, name) => [
            formatUnits(Number(value), sharing.migProfile),
            name,
          ]}
        />
        <Legend itemSorter={null} />
        <Bar
          dataKey="own"
          name="In use (own quota)"
          stackId="quota"
          fill={theme.palette.primary.main}
          isAnimationActive={false}
        />
        <Bar
          dataKey="lent"
          name="Lent to others"
          stackId="quota"
          fill={theme.palette.warning.main}
          isAnimationActive={false}
        />
        <Bar
          dataKey="idle"
          name="Idle"
          stackId="quota"
          fill={theme.palette.success.light}
          isAnimationActive={false}
        />
        <Bar
          dataKey="borrowed"
          name="Borrowed beyond nominal"
          stackId="quota"
          fill={theme.palette.secondary.main}
          isAnimationActive={false}
        />
      </BarChart>
    </figure>
  );
}
