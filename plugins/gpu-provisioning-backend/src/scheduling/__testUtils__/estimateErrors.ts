/** How far estimated starts were from actual ones, in minutes. */
export interface EstimateErrors {
  /** Requests that could not start when asked and got a start time. */
  estimated: number;
  medianMinutes: number;
  p90Minutes: number;
  /** Share of estimates within ±15 minutes of the actual start. */
  within15: number;
  /** Estimates later than the actual start, and earlier. */
  late: number;
  early: number;
}

/** The nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function estimateErrors(
  pairs: Array<{ estimated: number; actual: number }>,
): EstimateErrors {
  const minutes = pairs
    .map(p => Math.abs(p.estimated - p.actual) / 60_000)
    .sort((a, b) => a - b);
  return {
    estimated: pairs.length,
    medianMinutes: percentile(minutes, 50),
    p90Minutes: percentile(minutes, 90),
    within15:
      pairs.length === 0
        ? 0
        : minutes.filter(m => m <= 15).length / pairs.length,
    late: pairs.filter(p => p.estimated > p.actual).length,
    early: pairs.filter(p => p.estimated < p.actual).length,
  };
}
