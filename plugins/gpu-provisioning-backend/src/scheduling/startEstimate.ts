/**
 * "Will it start, and when": the earliest instant at which a request fits
 * both its team's quota and the cluster's free capacity, from what holds
 * them now and when each holder gives its units back.
 */

/** Units a grant gives back when it ends: to its team's quota, the cluster's free capacity, or both. */
export interface UnitRelease {
  at: Date;
  count: number;
  /** The grant holds the asking team's quota for this GPU class. */
  quota: boolean;
  /** The grant holds units of this GPU class on the asked cluster. */
  capacity: boolean;
}

export interface StartEstimateInput {
  now: Date;
  /** GPUs or MIG instances asked for. */
  count: number;
  /** The team's quota for this class or MIG profile, across clusters. */
  quota: { limit: number; used: number };
  /** Units of this class or MIG profile free on the cluster now. */
  freeNow: number;
  /** When known holders end (grants with an expiry), any order. */
  releases: UnitRelease[];
}

/** What binds a request that cannot start now. */
export type StartBinding = 'quota' | 'capacity' | 'quota-and-capacity';

export type StartEstimate =
  | { outcome: 'now'; quotaLeft: number; freeNow: number }
  | {
      outcome: 'later';
      startsAt: Date;
      binding: StartBinding;
      quotaLeft: number;
      freeNow: number;
      /** Grants that must end before it fits (those ending up to startsAt and counted). */
      waitsFor: number;
    }
  | {
      /** More than the team's whole quota: it never fits. */
      outcome: 'over-quota';
      quotaLeft: number;
      freeNow: number;
    }
  | {
      /** Does not fit even after every known grant ends: capacity held by others. */
      outcome: 'unknown';
      binding: StartBinding;
      quotaLeft: number;
      freeNow: number;
    };

function bindingOf(quotaShort: boolean, capacityShort: boolean): StartBinding {
  if (quotaShort && capacityShort) return 'quota-and-capacity';
  return quotaShort ? 'quota' : 'capacity';
}

/**
 * Walks the releases in time order and answers with the first instant at
 * which both the quota left and the free capacity reach `count`.
 */
export function estimateStart(input: StartEstimateInput): StartEstimate {
  const { count, quota, freeNow } = input;
  const quotaLeftNow = Math.max(0, quota.limit - quota.used);
  if (count > quota.limit) {
    return { outcome: 'over-quota', quotaLeft: quotaLeftNow, freeNow };
  }
  let quotaLeft = quotaLeftNow;
  let free = freeNow;
  if (quotaLeft >= count && free >= count) {
    return { outcome: 'now', quotaLeft, freeNow };
  }
  const binding = bindingOf(quotaLeft < count, free < count);
  const releases = input.releases
    .filter(r => r.count > 0 && (r.quota || r.capacity))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  let waitsFor = 0;
  for (let i = 0; i < releases.length; i++) {
    const release = releases[i];
    if (release.quota) quotaLeft += release.count;
    if (release.capacity) free += release.count;
    waitsFor++;
    // Several grants ending at the same instant count together.
    const next = releases[i + 1];
    if (next && next.at.getTime() === release.at.getTime()) continue;
    if (quotaLeft >= count && free >= count) {
      const startsAt = new Date(
        Math.max(release.at.getTime(), input.now.getTime()),
      );
      return {
        outcome: 'later',
        startsAt,
        binding,
        quotaLeft: quotaLeftNow,
        freeNow,
        waitsFor,
      };
    }
  }
  return { outcome: 'unknown', binding, quotaLeft: quotaLeftNow, freeNow };
}
