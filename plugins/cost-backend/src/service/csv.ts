import { formatNanos } from '@ai-platform/plugin-ai-platform-common';
import { csvCell } from '@ai-platform/plugin-ai-platform-node';

/** A CSV cell: text, a number, or money as nano-units (`bigint`). */
export type CsvValue = string | number | bigint | null | undefined;

/**
 * CSV text from a header and rows, CRLF line ends. Every cell goes through
 * the shared `csvCell`: quoted when needed, and text starting with
 * `= + - @`, tab or CR prefixed with `'` so spreadsheets do not run it as a
 * formula. Numbers stay numbers, negative ones included. A `bigint` is
 * nano-units, written as its exact decimal (our own digits, so a negative
 * amount stays a number too).
 */
export function toCsv(header: string[], rows: Array<CsvValue[]>): string {
  return `${[header, ...rows]
    .map(r =>
      r
        .map(v => (typeof v === 'bigint' ? formatNanos(v) : csvCell(v)))
        .join(','),
    )
    .join('\r\n')}\r\n`;
}
