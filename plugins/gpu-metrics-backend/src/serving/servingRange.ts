import { InputError } from '@backstage/errors';
import { UsageWindow } from '@ai-platform/plugin-gpu-metrics-common';
import { UsageRange } from '../service/types';
import { stepSeconds, windowRange } from '../service/windows';

/** How far back a chargeback day may be. */
export const MAX_DAY_AGE_DAYS = 30;

const DAY_MS = 86_400_000;

/**
 * The range of a window ending now, or of one completed UTC day within the
 * last {@link MAX_DAY_AGE_DAYS} days (`YYYY-MM-DD`; an `InputError` naming
 * `day` otherwise).
 */
export function servingRange(
  query: { window: UsageWindow } | { day: string },
  nowMs: number,
): UsageRange {
  if ('window' in query) return windowRange(query.window, nowMs);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(query.day);
  const start = match
    ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
    : NaN;
  // Date.UTC rolls 2026-02-30 over into March: a real day prints back as given.
  if (
    Number.isNaN(start) ||
    new Date(start).toISOString().slice(0, 10) !== query.day
  ) {
    throw new InputError(
      `Invalid query: day: '${query.day}' is not a date YYYY-MM-DD`.slice(
        0,
        300,
      ),
    );
  }
  const end = start + DAY_MS;
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  if (end > today || start < today - MAX_DAY_AGE_DAYS * DAY_MS) {
    throw new InputError(
      `Invalid query: day: must be a completed UTC day within the last ${MAX_DAY_AGE_DAYS} days`,
    );
  }
  return {
    start: start / 1000,
    end: end / 1000,
    step: stepSeconds('24h'),
    seconds: DAY_MS / 1000,
  };
}
