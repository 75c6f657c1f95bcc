import { EndedSpan } from '../database/types';
import { UnitRelease } from './startEstimate';

/**
 * The share of its booked time each ended grant held its GPUs, sorted: 1
 * for a grant that ran to its expiry, 0.25 for one released a quarter of
 * the way. Spans without a booked time are left out.
 */
export function heldShares(spans: EndedSpan[]): number[] {
  return spans
    .map(span => {
      const start = Date.parse(span.activeSince);
      const booked = Date.parse(span.expiresAt) - start;
      const held = Date.parse(span.endedAt) - start;
      return booked > 0 ? Math.min(1, Math.max(0, held / booked)) : NaN;
    })
    .filter(share => Number.isFinite(share))
    .sort((a, b) => a - b);
}

/** The `q` quantile (0–1) of sorted values, by the nearest rank. */
export function quantile(sorted: number[], q: number): number {
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * The releases as they come when each running grant ends as past grants of
 * its class did: at the `q` quantile of the held shares (sorted) among those
 * past grants that ran longer than it has run so far, so a grant that has
 * outlived most of them is not assumed to end any moment. One that has
 * outlived them all ends at its expiry. A release without a known start
 * (not active yet) counts from now.
 */
export function releasesAtQuantile(
  releases: UnitRelease[],
  shares: number[],
  q: number,
  now: Date,
): UnitRelease[] {
  return releases.map(release => {
    const start = (release.since ?? now).getTime();
    const booked = release.at.getTime() - start;
    if (booked <= 0) return release;
    const elapsed = (now.getTime() - start) / booked;
    const longer = shares.filter(share => share > elapsed);
    if (longer.length === 0) return release;
    return { ...release, at: new Date(start + quantile(longer, q) * booked) };
  });
}
