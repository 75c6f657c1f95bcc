import { CalendarCell } from './calendarGrid';

/** How a calendar hour is coloured. */
export type CalendarTone = 'past' | 'free' | 'partly' | 'full' | 'team-full';

/** The tones in the legend's order, with their words. */
export const CALENDAR_TONES: { tone: CalendarTone; label: string }[] = [
  { tone: 'free', label: 'Mostly free (half or more)' },
  { tone: 'partly', label: 'Partly booked' },
  { tone: 'full', label: 'Cluster fully booked' },
  { tone: 'team-full', label: 'Your team’s quota used' },
  { tone: 'past', label: 'Already started' },
];

/** The tone of an hour: past, the team's quota used up, or how much of the cluster is free. */
export function toneOf(cell: CalendarCell, now: number): CalendarTone {
  if (cell.startMs <= now) return 'past';
  if (cell.free === 0) return 'full';
  if (cell.team && cell.team.free === 0) return 'team-full';
  return cell.free * 2 >= cell.capacity ? 'free' : 'partly';
}
