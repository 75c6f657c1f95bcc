/** A half-open time range [start, end). */
export interface TimeWindow {
  start: Date;
  end: Date;
}

const TWO_HOURS_MS = 2 * 3_600_000;

/**
 * Splits [start, end) into windows aligned to TSDB block boundaries (2 h
 * since the epoch by default). `promtool tsdb create-blocks-from openmetrics`
 * re-reads its whole input once per block it creates, so a multi-day
 * history is best written as one file per window and imported file by file.
 */
export function historyWindows(
  start: Date,
  end: Date,
  windowMs: number = TWO_HOURS_MS,
): TimeWindow[] {
  const windows: TimeWindow[] = [];
  let from = start.getTime();
  while (from < end.getTime()) {
    const to = Math.min(
      (Math.floor(from / windowMs) + 1) * windowMs,
      end.getTime(),
    );
    windows.push({ start: new Date(from), end: new Date(to) });
    from = to;
  }
  return windows;
}
