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
