import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import {
  USAGE_WINDOWS,
  UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';
import { WINDOW_LABELS } from './format';

/** Props of {@link ServingWindowSelect}. */
export interface ServingWindowSelectProps {
  value: UsageWindow;
  onChange(value: UsageWindow): void;
}

/** The window of the serving figures: the gpu-metrics windows, one always chosen. */
export function ServingWindowSelect(props: ServingWindowSelectProps) {
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
