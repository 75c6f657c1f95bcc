import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { TimeWindow, WINDOW_LABELS } from './timeWindows';

/**
 * Props of {@link WindowToggle}.
 *
 * @public
 */
export interface WindowToggleProps<W extends TimeWindow> {
  /** The windows offered, in order, e.g. `['1h', '6h', '24h', '7d', '30d']`. */
  windows: readonly W[];
  /** The chosen window. */
  value: W;
  /** Called with the window chosen instead. */
  onChange(value: W): void;
  /** The group's accessible name; `Time window` by default. */
  label?: string;
}

/**
 * The time window of a view as a row of toggle buttons, one always chosen:
 * the same control on every usage, serving and cost card of the suite.
 *
 * @public
 */
export function WindowToggle<W extends TimeWindow>(
  props: WindowToggleProps<W>,
) {
  const { windows, value, onChange, label = 'Time window' } = props;
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={value}
      aria-label={label}
      onChange={(_event, next: W | null) => {
        if (next) onChange(next);
      }}
    >
      {windows.map(w => (
        <ToggleButton key={w} value={w} title={WINDOW_LABELS[w]}>
          {w}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
