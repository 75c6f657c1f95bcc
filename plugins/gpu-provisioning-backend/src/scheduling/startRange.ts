import { quantile, releasesAtQuantile } from './earlyRelease';
import { estimateStart, StartEstimateInput } from './startEstimate';

/** Ended grants of the class needed before their history narrows an estimate. */
export const MIN_HISTORY = 5;
/** How far back that history reaches, in days. */
export const HISTORY_DAYS = 30;

/** When a request that waits is likely to start, from how early grants of its class end. */
export interface StartRange {
  /** If the grants it waits for end as early as a quarter of past grants did. */
  from: Date;
  /** If they end when half of past grants had. */
  likely: Date;
  /** At the latest, when they expire: the estimate's `startsAt`. */
  to: Date;
  /** The ended grants the shares come from. */
  basedOn: number;
  /** The median share of their booked time past grants held, 0–1. */
  medianShare: number;
}

/**
 * The estimate again with every holder ending as past grants of the class
 * did (`shares`, sorted; see `heldShares` and `releasesAtQuantile`): their
 * first quartile gives `from`, their median `likely`, and the expiries
 * themselves `to` (`latest`). Without `MIN_HISTORY` ended grants there is
 * no range.
 */
export function startRange(
  input: StartEstimateInput,
  latest: Date,
  shares: number[],
): StartRange | undefined {
  if (shares.length < MIN_HISTORY) return undefined;
  const startAtQuantile = (q: number): Date => {
    const estimate = estimateStart({
      ...input,
      releases: releasesAtQuantile(input.releases, shares, q, input.now),
    });
    if (estimate.outcome === 'now') return input.now;
    if (estimate.outcome === 'later') return estimate.startsAt;
    return latest;
  };
  const notAfterLatest = (at: Date) =>
    at.getTime() > latest.getTime() ? latest : at;
  return {
    from: notAfterLatest(startAtQuantile(0.25)),
    likely: notAfterLatest(startAtQuantile(0.5)),
    to: latest,
    basedOn: shares.length,
    medianShare: quantile(shares, 0.5),
  };
}
