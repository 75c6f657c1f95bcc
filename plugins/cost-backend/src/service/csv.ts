import { csvLine } from '@ai-platform/plugin-ai-platform-node';

/**
 * CSV text from a header and rows, CRLF line ends. Every cell goes through
 * the shared `csvCell`: quoted when needed, and text starting with
 * `= + - @`, tab or CR prefixed with `'` so spreadsheets do not run it as a
 * formula. Numbers stay numbers, negative ones included.
 */
export function toCsv(
  header: string[],
  rows: Array<Array<string | number | null | undefined>>,
): string {
  return `${[header, ...rows].map(r => csvLine(r)).join('\r\n')}\r\n`;
}
