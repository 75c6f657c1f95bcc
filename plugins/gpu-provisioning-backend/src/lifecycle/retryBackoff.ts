/** Delay before the first retry. */
export const RETRY_BASE_MS = 30_000;
/** Longest delay between two attempts. */
export const RETRY_MAX_MS = 30 * 60_000;

/**
 * How long to wait after the `failures`-th failed provisioning attempt
 * before the next: nothing before a first attempt, then 30 s, 1, 2, 4 ...
 * minutes, at most 30. The store records the time the next attempt is due,
 * so every replica keeps the same schedule.
 */
export function retryDelayMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (failures - 1));
}
