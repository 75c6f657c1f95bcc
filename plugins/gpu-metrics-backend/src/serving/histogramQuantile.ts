/** A cumulative histogram bucket: observations at most `le`. */
export interface CumulativeBucket {
  le: number;
  count: number;
}

/**
 * The `q` quantile of a classic cumulative histogram, the way PromQL's
 * `histogram_quantile` computes it: linear interpolation within the bucket
 * the rank falls in (the first bucket starting at 0), the highest finite
 * bound when it falls in `+Inf`, and `null` without observations. Buckets
 * of several pods or clusters are summed by `le` first, so one algorithm
 * serves a server and a set of servers on different Prometheus alike.
 */
export function histogramQuantile(
  q: number,
  buckets: CumulativeBucket[],
): number | null {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  if (sorted.length < 2 || sorted[sorted.length - 1].le !== Infinity) {
    return null;
  }
  // Counts of a rate or increase may dip by float error: keep them monotonic.
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].count < sorted[i - 1].count) {
      sorted[i] = { ...sorted[i], count: sorted[i - 1].count };
    }
  }
  const total = sorted[sorted.length - 1].count;
  if (!(total > 0)) return null;
  let rank = q * total;
  const b = sorted.findIndex(bucket => bucket.count >= rank);
  if (b === sorted.length - 1) return sorted[sorted.length - 2].le;
  if (b === 0 && sorted[0].le <= 0) return sorted[0].le;
  let start = 0;
  let count = sorted[b].count;
  if (b > 0) {
    start = sorted[b - 1].le;
    count -= sorted[b - 1].count;
    rank -= sorted[b - 1].count;
  }
  return start + (sorted[b].le - start) * (rank / count);
}

/** Adds `count` to the bucket `le` of `into` (merging pods, clusters or steps). */
export function addBucket(
  into: Map<number, number>,
  le: string,
  count: number,
): void {
  const bound = le === '+Inf' ? Infinity : Number(le);
  if (Number.isNaN(bound) || !Number.isFinite(count)) return;
  into.set(bound, (into.get(bound) ?? 0) + count);
}

/** The buckets of a merged map, for {@link histogramQuantile}. */
export function bucketsOf(merged: Map<number, number>): CumulativeBucket[] {
  return [...merged.entries()].map(([le, count]) => ({ le, count }));
}
