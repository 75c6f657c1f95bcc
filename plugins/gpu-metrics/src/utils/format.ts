import { formatNumber, NO_DATA } from '@ai-platform/plugin-ai-platform-react';
import { UsageWindow } from '../api';

/** GPU usage's own formatters; numbers, money and dates come from `@ai-platform/plugin-ai-platform-react`. */

/** Memory from MiB in GiB: `40.5 GiB`, or {@link NO_DATA}. */
export function formatMemory(mib: number | null): string {
  return mib === null ? NO_DATA : `${formatNumber(mib / 1024)} GiB`;
}

/** `1 GPU`, `4 GPUs`. */
export function formatGpus(count: number): string {
  return `${formatNumber(count)} GPU${count === 1 ? '' : 's'}`;
}

/** The window for people: `last 24 hours`. */
export const WINDOW_LABELS: Record<UsageWindow, string> = {
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
 * A time axis tick: the time of day for windows up to a day, the date and
 * hour beyond.
 */
export function formatTick(unixSeconds: number, window: UsageWindow): string {
  const date = new Date(unixSeconds * 1000);
  if (window === '7d') return TICK_FORMATS.dayAndTime.format(date);
  if (window === '30d') return TICK_FORMATS.day.format(date);
  return TICK_FORMATS.time.format(date);
}
