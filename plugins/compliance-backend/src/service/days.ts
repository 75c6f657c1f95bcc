/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** The UTC day of a time, `YYYY-MM-DD`, as history rows are keyed. */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
