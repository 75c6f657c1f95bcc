/** Label name and value pairs, in the order they are printed. */
export type LabelPairs = ReadonlyArray<readonly [string, string]>;

function escapeLabelValue(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n');
}

/** Orders label names by code unit, as Go and Python sort map keys. */
export function compareNames(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/** `{a="1",b="2"}` as the Prometheus text formats print it (empty set: ''). */
export function formatLabels(labels: LabelPairs): string {
  if (labels.length === 0) {
    return '';
  }
  return `{${labels
    .map(([name, value]) => `${name}="${escapeLabelValue(value)}"`)
    .join(',')}}`;
}
