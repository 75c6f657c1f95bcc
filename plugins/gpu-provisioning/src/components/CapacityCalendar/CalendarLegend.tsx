import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { CALENDAR_TONES } from './calendarTones';
import { useCalendarStyles } from './useCalendarStyles';

/** What the calendar's colours and marks mean. */
export function CalendarLegend(props: { showTeam: boolean }) {
  const classes = useCalendarStyles();
  return (
    <Box
      component="ul"
      aria-label="Legend"
      className={classes.legend}
      display="flex"
      flexWrap="wrap"
    >
      {CALENDAR_TONES.filter(t => props.showTeam || t.tone !== 'team-full').map(
        ({ tone, label }) => (
          <li key={tone} className={classes.legendItem}>
            <span
              className={`${classes.swatch} ${classes[tone]}`}
              aria-hidden
            />
            <Typography variant="caption">{label}</Typography>
          </li>
        ),
      )}
      <li className={classes.legendItem}>
        <span className={`${classes.swatch} ${classes.selected}`} aria-hidden />
        <Typography variant="caption">Your window</Typography>
      </li>
      <li className={classes.legendItem}>
        <Typography variant="caption" color="textSecondary">
          The number in an hour: what {props.showTeam ? 'your team' : 'you'} can
          still book then
          {props.showTeam
            ? ' (the lower of the team’s quota and the cluster’s free capacity)'
            : ''}
          .
        </Typography>
      </li>
    </Box>
  );
}
