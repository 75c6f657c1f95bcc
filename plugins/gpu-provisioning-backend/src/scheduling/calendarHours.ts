import { HeldInterval, intervalPeak } from '../database/intervalPeak';

const HOUR_MS = 3_600_000;

/** One hour of a calendar. */
export interface CalendarHour {
  /** The hour's start, ISO 8601. */
  start: string;
  /** The most held at once during the hour. */
  booked: number;
  /** `limit - booked`, never below 0. */
  free: number;
}

/** Each hour of `[from, to)`: the peak of the held intervals in it, against `limit`. */
export function calendarHours(
  intervals: HeldInterval[],
  window: { from: number; to: number },
  limit: number,
): CalendarHour[] {
  const hours: CalendarHour[] = [];
  for (let start = window.from; start < window.to; start += HOUR_MS) {
    const booked = intervalPeak(intervals, start, start + HOUR_MS);
    hours.push({
      start: new Date(start).toISOString(),
      booked,
      free: Math.max(0, limit - booked),
    });
  }
  return hours;
}
