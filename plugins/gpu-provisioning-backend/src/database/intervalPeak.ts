/** GPUs held over a time interval, in epoch milliseconds; `end` may be Infinity. */
export interface HeldInterval {
  start: number;
  end: number;
  count: number;
}

/**
 * The most GPUs held at any one instant of `[from, to)` by the intervals
 * (each half-open, `[start, end)`): a sweep over their start and end points,
 * not a plain sum, so back-to-back windows do not add up.
 */
export function intervalPeak(
  intervals: HeldInterval[],
  from: number,
  to: number,
): number {
  const changes: Array<[number, number]> = [];
  for (const { start, end, count } of intervals) {
    const s = Math.max(start, from);
    const e = Math.min(end, to);
    if (s >= e) continue;
    changes.push([s, count], [e, -count]);
  }
  // At the same instant an interval ending is counted before one starting.
  changes.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let held = 0;
  let peak = 0;
  for (const [, delta] of changes) {
    held += delta;
    peak = Math.max(peak, held);
  }
  return peak;
}

/**
 * The first instant of `[from, to)` at which the intervals hold more than
 * `limit`, with the intervals held then; undefined when they never do. The
 * held amount only rises where an interval starts, so `from` and the starts
 * inside the window are the instants to look at.
 */
export function firstInstantOver(
  intervals: HeldInterval[],
  from: number,
  to: number,
  limit: number,
): { at: number; held: HeldInterval[] } | undefined {
  const instants = [
    from,
    ...intervals.map(i => i.start).filter(s => s > from && s < to),
  ].sort((a, b) => a - b);
  for (const at of instants) {
    const held = intervals.filter(i => i.start <= at && at < i.end);
    if (held.reduce((sum, i) => sum + i.count, 0) > limit) return { at, held };
  }
  return undefined;
}
