import { makeStyles } from '@material-ui/core';
import { LogoIcon } from './LogoIcon';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: 10,
    color: '#ffffff',
    whiteSpace: 'nowrap',
  },
  title: {
    fontSize: 17,
    fontWeight: 700,
    lineHeight: 1.1,
  },
  subtitle: {
    fontSize: 12,
    fontWeight: 400,
    opacity: 0.8,
  },
});

/** The sidebar logo when the sidebar is open: the mark and the portal's name. */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <div className={classes.root}>
      <LogoIcon />
      <div>
        <div className={classes.title}>AI Platform</div>
        <div className={classes.subtitle}>Portal</div>
      </div>
    </div>
  );
};
