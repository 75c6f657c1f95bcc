import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';

/** Delay before the first retry. */
export const RETRY_BASE_MS = 60_000;
/** Longest delay between two attempts. */
export const RETRY_MAX_MS = 30 * 60_000;

/**
 * How long to wait after the `failures`-th failed attempt: nothing before a
 * first attempt, then 1, 2, 4, 8 ... minutes, at most 30.
 */
export function retryDelayMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (failures - 1));
}

/**
 * Whether an `approved` request is due for a provisioning attempt: its last
 * change (`updatedAt`, set when a failed attempt put it back) lies at least
 * the backoff delay behind `now`. `failures` is the count the store returned
 * for the last failed attempt; when it is not known (another replica failed
 * it, or the backend restarted) a request with `lastError` counts as failed
 * once.
 */
export function isRetryDue(options: {
  request: Pick<GpuRequest, 'updatedAt' | 'lastError'>;
  failures: number | undefined;
  now: Date;
}): boolean {
  const { request, now } = options;
  const failures = options.failures ?? (request.lastError ? 1 : 0);
  const since = Date.parse(request.updatedAt);
  if (Number.isNaN(since)) return true;
  return since + retryDelayMs(failures) <= now.getTime();
}
