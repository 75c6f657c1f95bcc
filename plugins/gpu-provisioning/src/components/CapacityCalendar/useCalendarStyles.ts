import { makeStyles, Theme } from '@material-ui/core/styles';
import { green, amber, red, grey } from '@material-ui/core/colors';

/** The calendar's styles, shared by the grid and its legend. */
export const useCalendarStyles = makeStyles((theme: Theme) => {
  const dark = theme.palette.type === 'dark';
  return {
    scroll: { overflowX: 'auto' },
    table: {
      borderCollapse: 'separate',
      borderSpacing: 2,
      width: '100%',
      minWidth: 24 * 30 + 90,
      tableLayout: 'fixed',
    },
    dayHeader: {
      width: 90,
      textAlign: 'left',
      fontWeight: 500,
      fontSize: theme.typography.caption.fontSize,
      whiteSpace: 'nowrap',
      paddingRight: theme.spacing(1),
    },
    hourHeader: {
      fontWeight: 400,
      fontSize: 11,
      color: theme.palette.text.secondary,
      textAlign: 'center',
    },
    cellTd: { padding: 0 },
    cell: {
      display: 'block',
      width: '100%',
      height: 26,
      border: '1px solid transparent',
      borderRadius: 3,
      padding: 0,
      font: 'inherit',
      fontSize: 11,
      cursor: 'pointer',
      color: dark ? theme.palette.common.black : theme.palette.text.primary,
      '&[aria-disabled="true"]': { cursor: 'default' },
      '&:focus-visible': {
        outline: `2px solid ${theme.palette.primary.main}`,
        outlineOffset: 1,
      },
      '&:hover:not([aria-disabled="true"])': {
        borderColor: theme.palette.primary.main,
      },
    },
    free: { backgroundColor: green[200] },
    partly: { backgroundColor: amber[200] },
    full: { backgroundColor: red[200] },
    'team-full': {
      backgroundColor: grey[300],
      backgroundImage: `repeating-linear-gradient(45deg, transparent 0 4px, ${grey[500]} 4px 5px)`,
    },
    past: {
      backgroundColor: dark ? grey[700] : grey[100],
      color: theme.palette.text.disabled,
    },
    selected: {
      boxShadow: `inset 0 0 0 2px ${theme.palette.primary.main}`,
      fontWeight: 700,
    },
    legend: {
      listStyle: 'none',
      padding: 0,
      margin: theme.spacing(0, 0, 1, 0),
      gap: theme.spacing(2),
      alignItems: 'center',
    },
    legendItem: { display: 'flex', alignItems: 'center', gap: 6 },
    swatch: {
      display: 'inline-block',
      width: 16,
      height: 16,
      borderRadius: 3,
    },
    status: { minHeight: theme.spacing(3), marginBottom: theme.spacing(1) },
  };
});
