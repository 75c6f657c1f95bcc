import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { ClusterGpuSummary } from '../../api';
import { formatGpus } from '../../utils/format';
import { srOnly } from '../shared/srOnly';
import { formatPercent } from '@ai-platform/plugin-ai-platform-react';

const useStyles = makeStyles((theme: Theme) => ({
  stats: {
    display: 'grid',
    gridTemplateColumns: 'repeat(3, 1fr)',
    gap: theme.spacing(2),
    margin: 0,
    marginBottom: theme.spacing(2),
  },
  statValue: {
    margin: 0,
    fontSize: theme.typography.h5.fontSize,
    fontWeight: 600,
  },
  figure: { margin: 0 },
  srOnly,
}));

/** Props of {@link ClusterSummaryCard}. */
export interface ClusterSummaryCardProps {
  summary: ClusterGpuSummary;
}

/**
 * The GPUs of one model on one cluster: mean, median and 90th percentile
 * utilisation, and how many GPUs fall in each utilisation band.
 */
export function ClusterSummaryCard(props: ClusterSummaryCardProps) {
  const { summary } = props;
  const classes = useStyles();
  const theme = useTheme<Theme>();
  const data = summary.histogram.map(b => ({
    band: `${b.from}–${b.to}%`,
    count: b.count,
  }));
  const label = `Utilisation histogram of ${summary.modelName} on ${summary.cluster}`;
  const tick = { fill: theme.palette.text.secondary, fontSize: 12 };

  return (
    <InfoCard
      title={summary.cluster}
      subheader={`${formatGpus(summary.gpus)} · ${summary.modelName}`}
    >
      <dl className={classes.stats}>
        {(
          [
            ['Mean', summary.utilisation.mean],
            ['p50', summary.utilisation.p50],
            ['p90', summary.utilisation.p90],
          ] as const
        ).map(([name, value]) => (
          <div key={name}>
            <Typography component="dt" variant="body2" color="textSecondary">
              {name} utilisation
            </Typography>
            <dd className={classes.statValue}>{formatPercent(value)}</dd>
          </div>
        ))}
      </dl>
      <figure className={classes.figure} aria-label={label}>
        <p className={classes.srOnly}>
          {data.map(d => `${d.band}: ${formatGpus(d.count)}.`).join(' ')}
        </p>
        <BarChart
          data={data}
          responsive
          style={{ width: '100%', height: 180 }}
          margin={{ top: 8, right: 8, bottom: 8, left: 8 }}
        >
          <CartesianGrid vertical={false} strokeDasharray="3 3" />
          <XAxis
            dataKey="band"
            tick={tick}
            label={{
              value: 'Mean utilisation',
              position: 'insideBottom',
              offset: -4,
              fill: theme.palette.text.secondary,
              fontSize: 12,
            }}
            height={40}
          />
          <YAxis
            allowDecimals={false}
            tick={tick}
            label={{
              value: 'GPUs',
              angle: -90,
              position: 'insideLeft',
              fill: theme.palette.text.secondary,
              fontSize: 12,
            }}
          />
          <Tooltip formatter={value => [formatGpus(Number(value)), 'GPUs']} />
          <Bar
            dataKey="count"
            name="GPUs"
            fill={theme.palette.primary.main}
            isAnimationActive={false}
          />
        </BarChart>
      </figure>
    </InfoCard>
  );
}
