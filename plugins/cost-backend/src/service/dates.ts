import { CostGranularity } from '@ai-platform/plugin-cost-common';

const DAY_MS = 86_400_000;

/** Milliseconds of a `YYYY-MM-DD` day at 00:00 UTC. */
export function dayMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** `YYYY-MM-DD` of a time. */
export function toDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The day `n` days after `day`. */
export function addDays(day: string, n: number): string {
  return toDay(dayMs(day) + n * DAY_MS);
}

/** Days from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayMs(to) - dayMs(from)) / DAY_MS) + 1;
}

/** The first day of the bucket a day falls in (weeks start on Monday). */
export function bucketOf(day: string, granularity: CostGranularity): string {
  if (granularity === 'day') return day;
  if (granularity === 'month') return `${day.slice(0, 7)}-01`;
  const ms = dayMs(day);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7;
  return toDay(ms - weekday * DAY_MS);
}

/** The buckets covering a range, in order. */
export function bucketsOf(
  from: string,
  to: string,
  granularity: CostGranularity,
): string[] {
  const result: string[] = [];
  if (granularity === 'month') {
    // Month by month: a year is 12 steps, not 365 days.
    let y = Number(from.slice(0, 4));
    let m = Number(from.slice(5, 7));
    for (;;) {
      const bucket = `${y}-${String(m).padStart(2, '0')}-01`;
      if (bucket > to) return result;
      result.push(bucket);
      m = m === 12 ? 1 : m + 1;
      if (m === 1) y += 1;
    }
  }
  // Days and weeks step in milliseconds from the first bucket: one date
  // formatted per bucket, none parsed.
  const step = granularity === 'week' ? 7 * DAY_MS : DAY_MS;
  const end = dayMs(to);
  for (let ms = dayMs(bucketOf(from, granularity)); ms <= end; ms += step) {
    result.push(toDay(ms));
  }
  return result;
}

/** Days in the month of a day. */
export function daysInMonth(day: string): number {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * The period just before `from`–`to`, of the same length: when the range
 * is whole months (June, or July to September), the same number of whole
 * months before it, so a month compares with the month before and the sum
 * is read from the monthly team roll-up; otherwise the same number of days.
 */
export function previousPeriod(
  from: string,
  to: string,
): { from: string; to: string } {
  const before = addDays(from, -1);
  if (from.endsWith('-01') && Number(to.slice(8, 10)) === daysInMonth(to)) {
    const months =
      (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
      Number(to.slice(5, 7)) -
      Number(from.slice(5, 7)) +
      1;
    const index =
      Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7)) - 1 - months;
    const y = Math.floor(index / 12);
    const m = (index % 12) + 1;
    return {
      from: `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`,
      to: before,
    };
  }
  return { from: addDays(from, -daysBetween(from, to)), to: before };
}
