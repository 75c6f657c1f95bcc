import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { CostGranularity } from '@ai-platform/plugin-cost-common';
import { RANGE_OPTIONS, RangeOption } from '../../utils/ranges';

/** Props of {@link RangeSelect}. */
export interface RangeSelectProps {
  value: RangeOption;
  onChange(value: RangeOption): void;
}

/** A select of the last 1, 3, 6 or 12 months. */
export function RangeSelect(props: RangeSelectProps) {
  return (
    <TextField
      select
      size="small"
      variant="outlined"
      id="cost-range"
      label="Range"
      value={props.value.id}
      onChange={e =>
        props.onChange(
          RANGE_OPTIONS.find(o => o.id === e.target.value) ?? props.value,
        )
      }
    >
      {RANGE_OPTIONS.map(option => (
        <MenuItem key={option.id} value={option.id}>
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** Labels of the granularities. */
export const GRANULARITY_LABELS: Record<CostGranularity, string> = {
  day: 'Daily',
  week: 'Weekly',
  month: 'Monthly',
};

/** Props of {@link GranularitySelect}. */
export interface GranularitySelectProps {
  value: CostGranularity;
  onChange(value: CostGranularity): void;
}

/** A select of day, week or month buckets. */
export function GranularitySelect(props: GranularitySelectProps) {
  return (
    <TextField
      select
      size="small"
      variant="outlined"
      id="cost-granularity"
      label="Granularity"
      value={props.value}
      onChange={e => props.onChange(e.target.value as CostGranularity)}
    >
      {(Object.keys(GRANULARITY_LABELS) as CostGranularity[]).map(g => (
        <MenuItem key={g} value={g}>
          {GRANULARITY_LABELS[g]}
        </MenuItem>
      ))}
    </TextField>
  );
}
