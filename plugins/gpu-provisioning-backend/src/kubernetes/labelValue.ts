import { isLabelValue as isKubernetesLabelValue } from '@ai-platform/plugin-ai-platform-node';

const isAlphanumeric = (c: string) =>
  (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

/**
 * Cuts everything before the first and after the last ASCII letter or
 * digit, in linear time (an end-anchored regex such as `/[^A-Za-z0-9]+$/`
 * is quadratic on long runs of other characters).
 */
function trimToAlphanumeric(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && !isAlphanumeric(s[start])) start += 1;
  while (end > start && !isAlphanumeric(s[end - 1])) end -= 1;
  return s.slice(start, end);
}

/** Whether a string is a valid, non-empty Kubernetes label value as it is. */
export function isLabelValue(value: string | undefined): value is string {
  return (
    value !== undefined && value.length > 0 && isKubernetesLabelValue(value)
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
  const trim = (s: string) => trimToAlphanumeric(s);
  const cleaned = trim(
    value.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-{2,}/g, '-'),
  );
  const cut = trim(cleaned.slice(0, 63));
  return cut.length > 0 ? cut : undefined;
}
