/** Cost's own formatters of days and refs; money, numbers and percentages come from `@ai-platform/plugin-ai-platform-react`. */

/** A day `YYYY-MM-DD` for people: `22 Nov 2026`. */
export function formatDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** A bucket's first day as a chart tick, by granularity. */
export function formatBucket(
  day: string,
  granularity: 'day' | 'week' | 'month',
): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (granularity === 'month') {
    return date.toLocaleDateString('en-GB', {
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
  }
  return date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

/** The name part of an entity ref, for labels: `group:default/ml` → `ml`. */
export function refName(ref: string): string {
  const slash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':');
  return ref.slice(Math.max(slash, colon) + 1);
}
