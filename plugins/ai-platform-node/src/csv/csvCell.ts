/**
 * Characters that make spreadsheet programs read a cell as a formula
 * (OWASP's CSV injection list: `= + - @`, and tab and carriage return).
 */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * One CSV cell, quoted when needed and neutralised against formula injection.
 *
 * @remarks
 * Catalog names, tags and billing columns are hostile input: a cell starting
 * with `=`, `+`, `-` or `@` runs as a formula when the export is opened in a
 * spreadsheet. Such text cells get a leading `'`, which spreadsheets show as
 * text. Numbers are written as they are, so negative amounts stay numbers.
 *
 * @public
 */
export function csvCell(
  value: string | number | boolean | null | undefined,
): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.has(value.charAt(0)) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One CSV line (without its line break) from cells, each through {@link csvCell}.
 *
 * @public
 */
export function csvLine(
  cells: ReadonlyArray<string | number | boolean | null | undefined>,
): string {
  return cells.map(csvCell).join(',');
}
