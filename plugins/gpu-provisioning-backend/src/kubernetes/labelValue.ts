/**
 * Label values as the apiserver accepts them: empty, or at most 63
 * characters of `[A-Za-z0-9._-]` that start and end with a letter or digit.
 */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Whether a string is a valid, non-empty Kubernetes label value as it is. */
export function isLabelValue(value: string | undefined): value is string {
  return (
    value !== undefined &&
    value.length > 0 &&
    value.length <= 63 &&
    LABEL_VALUE.test(value)
  );
}

/**
 * Turns catalog or user data into a valid label value: characters outside
 * `[A-Za-z0-9._-]` become `-`, runs of `-` collapse, the ends are trimmed to
 * a letter or digit and the result is cut to 63 characters. Returns undefined
 * when nothing usable is left, so the caller omits the label rather than
 * writing an empty or invalid one.
 */
export function toLabelValue(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trim = (s: string) =>
    s.replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '');
  const cleaned = trim(
    value.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-{2,}/g, '-'),
  );
  const cut = trim(cleaned.slice(0, 63));
  return cut.length > 0 ? cut : undefined;
}
