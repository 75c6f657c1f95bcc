import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  pick: { textTransform: 'none', minWidth: 44 },
});

/** The quick picks: 8 hours, a day, three days, a week. */
export const QUICK_DURATIONS: Array<{
  label: string;
  hours: number;
  title: string;
}> = [
  { label: '8h', hours: 8, title: '8 hours' },
  { label: '1d', hours: 24, title: '1 day' },
  { label: '3d', hours: 72, title: '3 days' },
  { label: '1w', hours: 168, title: '1 week' },
];

/** Props of {@link DurationQuickPicks}. */
export interface DurationQuickPicksProps {
  /** The hours currently entered, to show which pick is selected. */
  value?: number;
  onPick(hours: number): void;
  /** The group's accessible name. */
  label?: string;
  disabled?: boolean;
}

/** Buttons that set a duration field to a common value. */
export function DurationQuickPicks(props: DurationQuickPicksProps) {
  const { value, onPick, label = 'Quick durations', disabled } = props;
  const classes = useStyles();
  return (
    <ButtonGroup size="small" aria-label={label} disabled={disabled}>
      {QUICK_DURATIONS.map(pick => (
        <Button
          key={pick.label}
          className={classes.pick}
          title={pick.title}
          aria-pressed={value === pick.hours}
          color={value === pick.hours ? 'primary' : 'default'}
          variant={value === pick.hours ? 'contained' : 'outlined'}
          onClick={() => onPick(pick.hours)}
        >
          {pick.label}
        </Button>
      ))}
    </ButtonGroup>
  );
}
