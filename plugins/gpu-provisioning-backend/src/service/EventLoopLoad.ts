import { EventLoopUtilization, performance } from 'node:perf_hooks';

/** How busy this process has been lately, from 0 (idle) to 1 (never idle). */
export interface LoopLoad {
  utilisation(): number;
}

/**
 * The event loop's utilisation over the last window (Node's
 * `performance.eventLoopUtilization`): the share of time the loop ran
 * callbacks rather than waited for I/O. Read lazily, with no timer of its
 * own: a reading starts a new window once the current one is `windowMs`
 * old, so the figure is never older than about two windows.
 */
export class EventLoopLoad implements LoopLoad {
  private windowStart: EventLoopUtilization =
    performance.eventLoopUtilization();
  private startedAt = performance.now();
  private last = 0;

  constructor(private readonly windowMs = 250) {}

  utilisation(): number {
    const elapsed = performance.now() - this.startedAt;
    if (elapsed >= this.windowMs) {
      const now = performance.eventLoopUtilization();
      this.last = performance.eventLoopUtilization(
        now,
        this.windowStart,
      ).utilization;
      this.windowStart = now;
      this.startedAt = performance.now();
    }
    return this.last;
  }
}
