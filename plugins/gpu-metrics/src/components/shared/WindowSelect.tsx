import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { USAGE_WINDOWS, UsageWindow } from '../../api';
import { WINDOW_LABELS } from '../../utils/format';

/** Props of {@link WindowSelect}. */
export interface WindowSelectProps {
  value: UsageWindow;
  onChange(value: UsageWindow): void;
}

/** The time window of a view: 1h, 6h, 24h, 7d or 30d, one always chosen. */
export function WindowSelect(props: WindowSelectProps) {
  const { value, onChange } = props;
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={value}
      aria-label="Time window"
      onChange={(_event, next: UsageWindow | null) => {
        if (next) onChange(next);
      }}
    >
      {USAGE_WINDOWS.map(w => (
        <ToggleButton key={w} value={w} title={WINDOW_LABELS[w]}>
          {w}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
