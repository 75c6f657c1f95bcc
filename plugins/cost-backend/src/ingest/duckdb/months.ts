/** Whether `text` is a month as the line items' days start: 'YYYY-MM'. */
export function isMonth(text: string): boolean {
  return /^[0-9]{4}-[0-9]{2}$/.test(text);
}

/**
 * The text after every day of `month` ('YYYY-MM') and before the next
 * month's, for `day >= month AND day < nextMonth(month)` ('YYYY-13' for
 * December: it sorts after every day of the year and before the next).
 */
export function nextMonth(month: string): string {
  const year = month.slice(0, 4);
  const next = Number(month.slice(5, 7)) + 1;
  return `${year}-${String(next).padStart(2, '0')}`;
}
