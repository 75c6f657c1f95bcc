/**
 * The suite's time windows, ending now: GPU usage, serving figures and
 * inference cost all read over these.
 *
 * @public
 */
export type TimeWindow = '1h' | '6h' | '24h' | '7d' | '30d';

/**
 * Each {@link TimeWindow} in words, for titles and sentences: `last 6 hours`.
 *
 * @public
 */
export const WINDOW_LABELS: Record<TimeWindow, string> = {
  '1h': 'last hour',
  '6h': 'last 6 hours',
  '24h': 'last 24 hours',
  '7d': 'last 7 days',
  '30d': 'last 30 days',
};

/**
 * One formatter per tick style, made once: `toLocaleString` with options
 * builds a new `Intl.DateTimeFormat` on every call, and charts format a tick
 * candidate for every sample (over a second for a day of 90 s samples).
 */
const TICK_FORMATS = {
  time: new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
  }),
  dayAndTime: new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }),
  day: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' }),
};

/**
 * A time axis tick of a chart over `window`: the time of day for windows up
 * to a day, the date and hour for a week, the date for 30 days.
 *
 * @public
 */
export function formatWindowTick(
  unixSeconds: number,
  window: TimeWindow,
): string {
  const date = new Date(unixSeconds * 1000);
  if (window === '7d') return TICK_FORMATS.dayAndTime.format(date);
  if (window === '30d') return TICK_FORMATS.day.format(date);
  return TICK_FORMATS.time.format(date);
}
