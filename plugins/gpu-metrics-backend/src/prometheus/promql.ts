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
