import { Calendar } from './useCalendar';

/** The calendar's row of a team (a Group ref), compared case-insensitively as the catalog does. */
export function teamRowOf(calendar: Calendar, team: string) {
  const wanted = team.toLocaleLowerCase('en-US');
  return calendar.teams.find(t => t.team.toLocaleLowerCase('en-US') === wanted);
}

const HOUR_MS = 3_600_000;

/**
 * What a team can still take of its quota through a whole window: the least
 * it has free in any calendar hour the window touches. Bookings of the team
 * that start during the window lower it, which the quota "left now" does not
 * show. Undefined when the calendar has no row for the team or does not
 * cover the window.
 */
export function teamQuotaThrough(
  calendar: Calendar,
  team: string,
  window: { fromMs: number; toMs: number },
): { free: number; limit: number } | undefined {
  const row = teamRowOf(calendar, team);
  if (!row || window.toMs <= window.fromMs) return undefined;
  const touched = row.hours.filter(h => {
    const start = Date.parse(h.start);
    return start < window.toMs && start + HOUR_MS > window.fromMs;
  });
  const covered = touched.length * HOUR_MS;
  // An hour the calendar does not hold (past its horizon) is unknown, not free.
  const firstStart = touched.length ? Date.parse(touched[0].start) : NaN;
  if (
    !touched.length ||
    firstStart > window.fromMs ||
    firstStart + covered < window.toMs
  ) {
    return undefined;
  }
  return {
    free: Math.min(...touched.map(h => h.free)),
    limit: row.limit,
  };
}
