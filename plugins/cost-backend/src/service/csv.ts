/** One CSV field, quoted when it needs to be (RFC 4180). */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text from a header and rows, CRLF line ends. */
export function toCsv(
  header: string[],
  rows: Array<Array<string | number | null | undefined>>,
): string {
  return `${[header, ...rows]
    .map(r => r.map(csvField).join(','))
    .join('\r\n')}\r\n`;
}
