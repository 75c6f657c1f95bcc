/** Durations for people, in the units the suite grants and bills GPUs in. */

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** A duration in hours: `8 hours`, `1 day`, `3 days 6 hours`, `1 week`; `—` when not positive. @public */
export function formatHours(hours: number): string {
  if (!Number.isFinite(hours) || hours <= 0) return '—';
  if (hours % 168 === 0) return plural(hours / 168, 'week');
  if (hours < 24) return plural(hours, 'hour');
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest
    ? `${plural(days, 'day')} ${plural(rest, 'hour')}`
    : plural(days, 'day');
}

/**
 * Time until an instant, compact and live-friendly: `2 d 4 h`, `3 h 12 min`,
 * `45 min`; `expired` once past, `—` without an instant.
 *
 * @public
 */
export function formatTimeLeft(until: string | undefined, now: number): string {
  if (!until) return '—';
  const ms = new Date(until).getTime() - now;
  if (Number.isNaN(ms)) return '—';
  if (ms <= 0) return 'expired';
  const minutes = Math.floor(ms / 60000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return mins ? `${hours} h ${mins} min` : `${hours} h`;
  return `${Math.max(mins, 1)} min`;
}

/** Milliseconds until an instant, `Infinity` when there is none (for sorting). @public */
export function msUntil(until: string | undefined, now: number): number {
  if (!until) return Number.POSITIVE_INFINITY;
  const ms = new Date(until).getTime() - now;
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}
