import { UsageWindow } from '@ai-platform/plugin-gpu-metrics-common';

const WINDOW_SECONDS: Record<UsageWindow, number> = {
  '1h': 3600,
  '6h': 6 * 3600,
  '24h': 24 * 3600,
  '7d': 7 * 86400,
  '30d': 30 * 86400,
};

/** A window's length in seconds. */
export function windowSeconds(window: UsageWindow): number {
  return WINDOW_SECONDS[window];
}

/**
 * The range-query step that keeps every series under ~1,000 points:
 * max(30 s, window / 1000), rounded up to a multiple of 30 s.
 */
export function stepSeconds(window: UsageWindow): number {
  return Math.max(30, Math.ceil(windowSeconds(window) / 1000 / 30) * 30);
}

/** The window's [start, end] in unix seconds, `end` aligned to the step so responses cache. */
export function windowRange(
  window: UsageWindow,
  nowMs: number,
): { start: number; end: number; step: number; seconds: number } {
  const step = stepSeconds(window);
  const end = Math.floor(nowMs / 1000 / step) * step;
  const seconds = windowSeconds(window);
  return { start: end - seconds, end, step, seconds };
}

/** Bucket lengths a heat map's columns may have: whole minutes and hours that read well on an axis. */
const BUCKET_SECONDS = [
  60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 28800, 43200, 86400,
];

/**
 * The heat map's buckets over a window: the shortest length from
 * {@link BUCKET_SECONDS} that cuts the window into at most `maxColumns`,
 * with `end` aligned to it so that buckets start on the clock and answers
 * cache. Bucket `i` ends at `start + (i + 1) * bucketSeconds`.
 */
export function heatmapBuckets(
  window: UsageWindow,
  nowMs: number,
  maxColumns: number,
): { start: number; end: number; bucketSeconds: number; columns: number } {
  const seconds = windowSeconds(window);
  const bucketSeconds =
    BUCKET_SECONDS.find(b => seconds / b <= maxColumns) ??
    BUCKET_SECONDS[BUCKET_SECONDS.length - 1];
  const end = Math.floor(nowMs / 1000 / bucketSeconds) * bucketSeconds;
  const columns = Math.ceil(seconds / bucketSeconds);
  return { start: end - columns * bucketSeconds, end, bucketSeconds, columns };
}
