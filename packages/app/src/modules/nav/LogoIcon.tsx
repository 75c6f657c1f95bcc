import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: {
    width: 'auto',
    height: 28,
  },
});

/** The portal's mark: a GPU die with a spark, for the closed sidebar. */
export const LogoIcon = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 32 32"
      role="img"
      aria-label="AI Platform Portal"
    >
      <rect x="6" y="6" width="20" height="20" rx="4" fill="#7df3e1" />
      <g stroke="#7df3e1" strokeWidth="2" strokeLinecap="round">
        <path d="M11 2v3M16 2v3M21 2v3M11 27v3M16 27v3M21 27v3" />
        <path d="M2 11h3M2 16h3M2 21h3M27 11h3M27 16h3M27 21h3" />
      </g>
      <path d="M17.5 9.5 12 17h4l-1.5 5.5L20 15h-4z" fill="#171717" />
    </svg>
  );
};
