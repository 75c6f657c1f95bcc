/** Why a pause ended. */
export type PauseEnd = 'elapsed' | 'cancelled' | 'shutdown';

/**
 * Waits `ms` on a timer (no polling loop), ending early when the task is
 * cancelled or the backend shuts down. The timer is unref'd, so a waiting
 * step never keeps a stopping process alive.
 */
export function pause(
  ms: number,
  signals: { task?: AbortSignal; shutdown: AbortSignal },
): Promise<PauseEnd> {
  return new Promise(resolve => {
    const unwatch: Array<() => void> = [];
    const pending: { timer?: ReturnType<typeof setTimeout> } = {};
    const done = (end: PauseEnd) => {
      clearTimeout(pending.timer);
      for (const stop of unwatch) stop();
      resolve(end);
    };
    if (signals.shutdown.aborted) return done('shutdown');
    if (signals.task?.aborted) return done('cancelled');
    const watch = (signal: AbortSignal | undefined, end: PauseEnd) => {
      if (!signal) return;
      const onAbort = () => done(end);
      signal.addEventListener('abort', onAbort, { once: true });
      unwatch.push(() => signal.removeEventListener('abort', onAbort));
    };
    watch(signals.task, 'cancelled');
    watch(signals.shutdown, 'shutdown');
    pending.timer = setTimeout(() => done('elapsed'), Math.max(0, ms));
    pending.timer.unref?.();
    return undefined;
  });
}

/**
 * The next pause of an exponential backoff: doubled, capped at `maxMs`, with
 * ±20% jitter so tasks started together do not poll together.
 */
export function nextPause(previousMs: number, maxMs: number): number {
  const doubled = Math.min(previousMs * 2, maxMs);
  return Math.min(maxMs, Math.round(doubled * (0.8 + Math.random() * 0.4)));
}
