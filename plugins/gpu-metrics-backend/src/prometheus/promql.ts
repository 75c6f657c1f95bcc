/**
 * The one place label values become PromQL text: a double-quoted string with
 * backslash, double quote and newline escaped, so no value can end the
 * string or the selector it is in.
 */
export function promqlString(value: string): string {
  return `"${value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')}"`;
}

/** Escapes RE2 metacharacters so a value matches only itself. */
export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A regex matcher value matching exactly one of `values`: each escaped for
 * RE2, joined with `|`, then quoted with {@link promqlString}.
 */
export function promqlAlternation(values: string[]): string {
  return promqlString(values.map(escapeRegex).join('|'));
}

/**
 * A subquery range of a window's steps: one second short of the window, so
 * it holds exactly `seconds / step` steps, `(start, end]`, whether the
 * Prometheus counts the range's start (2.x) or not (3.x). A full-length
 * range counts one step too many in Prometheus 2 (121 steps in an hour).
 */
export function windowStepsRange(range: { seconds: number; step: number }) {
  return `[${range.seconds - 1}s:${range.step}s]`;
}
