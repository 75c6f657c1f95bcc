import { DcgmCounter } from './counters';

/** A value as dcgm-exporter prints it: int64 fields with `%d`, doubles with `%f`. */
export function formatDcgmValue(counter: DcgmCounter, value: number): string {
  if (counter.valueType === 'double') {
    return value.toFixed(6);
  }
  const rounded = Math.round(value);
  return rounded === 0 ? '0' : String(rounded);
}
