import { ReactNode } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';

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
    lineHeight: 1.3,
  },
}));

/** One figure of a {@link StatList}. */
export interface Stat {
  label: string;
  value: ReactNode;
  caption?: ReactNode;
}

/** Props of {@link StatList}. */
export interface StatListProps {
  stats: Stat[];
}

/** Key figures as a description list: label, value and a caption each. */
export function StatList(props: StatListProps) {
  const classes = useStyles();
  return (
    <dl className={classes.stats}>
      {props.stats.map(stat => (
        <div key={stat.label}>
          <Typography component="dt" variant="body2" color="textSecondary">
            {stat.label}
          </Typography>
          <dd className={classes.value}>{stat.value}</dd>
          {stat.caption && (
            <Typography
              component="dd"
              variant="caption"
              color="textSecondary"
              style={{ margin: 0 }}
            >
              {stat.caption}
            </Typography>
          )}
        </div>
      ))}
    </dl>
  );
}
