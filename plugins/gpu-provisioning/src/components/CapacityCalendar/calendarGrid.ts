import { teamRowOf } from './teamQuotaThrough';
import { Calendar } from './useCalendar';

/** One hour as the calendar draws it. */
export interface CalendarCell {
  /** The hour's start, ISO 8601. */
  start: string;
  startMs: number;
  /** The local hour of day, 0–23: the column. */
  hour: number;
  /** Free on the cluster, of `capacity`. */
  free: number;
  capacity: number;
  /** The team's free and quota, when a team of the caller is chosen. */
  team?: { free: number; limit: number };
  /** What the team can still book: min(team free, cluster free), or the cluster's free without a team. */
  bookable: number;
  /** The sentence for hover, focus and screen readers: `Tue 8 Dec 14:00: 3 of 8 free (team: 2 of 4)`. */
  label: string;
}

/** One local day: the row. */
export interface CalendarDay {
  /** `Tue 8 Dec`, in the user's zone */
  title: string;
  cells: CalendarCell[];
}

function timeOf(at: Date): string {
  return at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}

/**
 * The calendar's hours in rows of local days: each hour with what is free on
 * the cluster and, for the chosen team, against its quota. `team` is compared
 * case-insensitively, as the catalog does.
 */
export function calendarDaysOf(
  calendar: Calendar,
  team: string | undefined,
): CalendarDay[] {
  const teamRow = team ? teamRowOf(calendar, team) : undefined;
  const teamHours = new Map(teamRow?.hours.map(h => [h.start, h]));
  const days: CalendarDay[] = [];
  for (const hour of calendar.hours) {
    const at = new Date(hour.start);
    const title = at.toLocaleDateString('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
    });
    const teamHour = teamHours.get(hour.start);
    const teamFree = teamRow ? teamHour?.free ?? 0 : undefined;
    const bookable =
      teamFree === undefined ? hour.free : Math.min(teamFree, hour.free);
    const label = `${title} ${timeOf(at)}: ${hour.free} of ${
      calendar.capacity
    } free${
      teamRow
        ? ` (team: ${Math.min(teamFree!, hour.free)} of ${teamRow.limit})`
        : ''
    }`;
    const cell: CalendarCell = {
      start: hour.start,
      startMs: at.getTime(),
      hour: at.getHours(),
      free: hour.free,
      capacity: calendar.capacity,
      team: teamRow ? { free: teamFree!, limit: teamRow.limit } : undefined,
      bookable,
      label,
    };
    const last = days[days.length - 1];
    if (last?.title === title) last.cells.push(cell);
    else days.push({ title, cells: [cell] });
  }
  return days;
}
