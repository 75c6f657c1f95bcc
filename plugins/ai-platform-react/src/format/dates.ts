/** Dates and times for people; `—` for a missing or unreadable instant. */

/** An instant: an ISO string, epoch milliseconds or a `Date`. @public */
export type Instant = string | number | Date;

function dateOf(value: Instant | undefined | null): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A past instant in full: `22 Nov 2026, 14:00`. @public */
export function formatDateTime(value: Instant | undefined | null): string {
  const date = dateOf(value);
  return date
    ? date.toLocaleString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      })
    : '—';
}

/** A day: `22 Nov 2026`. @public */
export function formatDate(value: Instant | undefined | null): string {
  const date = dateOf(value);
  return date
    ? date.toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
      })
    : '—';
}

/**
 * An instant of this week or the next, short and in the user's locale:
 * `Mon, 12 May, 14:00`, as a grant's expiry is read.
 *
 * @public
 */
export function formatWeekdayTime(value: Instant | undefined | null): string {
  const date = dateOf(value);
  return date
    ? date.toLocaleString(undefined, {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
      })
    : '—';
}
