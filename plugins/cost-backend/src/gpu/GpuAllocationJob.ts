import { parseNanos } from '@ai-platform/plugin-ai-platform-common';
import { LoggerService } from '@backstage/backend-plugin-api';
import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { RateCard, rateFor } from '../config/rateCard';
import { GpuCostStore, GpuDailyRow } from '../database/types';
import { addDays, dayMs, toDay } from '../service/dates';
import { GpuUsageSource } from './GpuUsageSource';
import { GpuShare, WHOLE_GPU, migShare, shareRateNanos } from './migPricing';
import {
  FULL_UTILISATION_BP,
  GrantDay,
  priceGrantDays,
  usedNanos,
  utilisationBasisPoints,
} from './priceGrantDays';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A grant's ref as a comparison key; a malformed one is kept lower-cased. */
function refKey(ref: string, defaultKind: string): string {
  try {
    return entityRefKey(ref, { defaultKind });
  } catch {
    return ref.toLocaleLowerCase('en-US');
  }
}

type GrantTimes = Pick<GpuRequest, 'activeSince' | 'endedAt' | 'expiresAt'>;

/** When a grant started and stopped holding GPUs (ms); null when it never did. */
function grantInterval(
  grant: GrantTimes,
  now: number,
): { start: number; end: number } | null {
  if (!grant.activeSince) return null;
  const start = Date.parse(grant.activeSince);
  const endCandidates = [now];
  if (grant.endedAt) endCandidates.push(Date.parse(grant.endedAt));
  if (grant.expiresAt) endCandidates.push(Date.parse(grant.expiresAt));
  const end = Math.min(...endCandidates);
  return Number.isFinite(start) && end > start ? { start, end } : null;
}

/** Milliseconds of one UTC day during which a grant held its GPUs. */
export function grantMsOn(grant: GrantTimes, day: string, now: number): number {
  const interval = grantInterval(grant, now);
  if (!interval) return 0;
  const from = Math.max(interval.start, dayMs(day));
  const to = Math.min(interval.end, dayMs(day) + DAY_MS);
  return to > from ? to - from : 0;
}

/** GPU-hours of a grant within one UTC day (a quantity; money uses `grantMsOn`). */
export function grantHoursOn(
  grant: GrantTimes & Pick<GpuRequest, 'count'>,
  day: string,
  now: number,
): number {
  return (grantMsOn(grant, day, now) / HOUR_MS) * grant.count;
}

/**
 * Computes Kubernetes GPU cost per grant and day: GPU-hours granted (from
 * the gpu-provisioning backend) priced by the rate card, and the used share
 * weighted by the mean DCGM utilisation of the entity (or team) over the
 * last 7 days (from the gpu-metrics backend). Allocated − used is idle waste.
 * A MIG instance is priced as its compute slices' share of the whole GPU's
 * rate (see migPricing), so a GPU's instances never cost more than it.
 */
export class GpuAllocationJob {
  static create(options: {
    store: GpuCostStore;
    source: GpuUsageSource;
    rateCard?: RateCard;
    lookbackDays: number;
    logger: LoggerService;
    now?: () => Date;
  }): GpuAllocationJob {
    return new GpuAllocationJob(options);
  }

  private constructor(
    private readonly options: {
      store: GpuCostStore;
      source: GpuUsageSource;
      rateCard?: RateCard;
      lookbackDays: number;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  /** Recomputes the last `lookbackDays` days; returns the rows written. */
  async run(): Promise<{
    from: string;
    to: string;
    rows: number;
    unpriced: number;
  }> {
    const { rateCard, store, source, logger } = this.options;
    const now = (this.options.now?.() ?? new Date()).getTime();
    const to = toDay(now);
    const from = addDays(to, -(this.options.lookbackDays - 1));
    if (!rateCard) {
      logger.warn(
        'No GPU rate card configured (cost.gpu.rateCard or cost.gpu.rateCardFile); Kubernetes GPU cost is not computed',
      );
      return { from, to, rows: 0, unpriced: 0 };
    }
    const grants = await source.grants();
    const utilisation = new Map<string, number | null>();
    const utilisationOf = async (grant: GpuRequest) => {
      const key = grant.entityRef ?? grant.team;
      if (!utilisation.has(key)) {
        try {
          utilisation.set(
            key,
            await source.utilisation(
              { entityRef: grant.entityRef, team: grant.team },
              '7d',
            ),
          );
        } catch (error) {
          logger.warn(
            'GPU utilisation unavailable; counting the grant as unused',
            {
              subject: key,
              error: String(error),
            },
          );
          utilisation.set(key, null);
        }
      }
      return utilisation.get(key) ?? 0;
    };

    // Each distinct rate card rate becomes nano-units once, from its
    // shortest decimal text, so 4.1 is exactly 4.1 and never 4.0999….
    const rateNanos = new Map<number, bigint | undefined>();
    const nanosOfRate = (rate: number | undefined) => {
      if (rate === undefined) return undefined;
      if (!rateNanos.has(rate)) {
        const nanos = parseNanos(String(rate));
        if (nanos === null) {
          logger.warn('GPU rate does not fit nano-units; not priced', {
            hourlyRate: rate,
          });
        }
        rateNanos.set(rate, nanos === null ? undefined : BigInt(nanos));
      }
      return rateNanos.get(rate);
    };

    // A MIG grant's share of its GPU; undefined (unpriced, warned once per
    // class and profile) when the class is no known MIG GPU or the profile
    // not one of its profiles.
    const shares = new Map<string, GpuShare | undefined>();
    const shareOf = (grant: GpuRequest) => {
      if (!grant.migProfile) return WHOLE_GPU;
      const key = `${grant.gpuClass}/${grant.migProfile}`;
      if (!shares.has(key)) {
        const found = migShare(grant.gpuClass, grant.migProfile);
        if ('error' in found) {
          logger.warn('MIG grants cannot be priced as a share of their GPU', {
            gpuClass: grant.gpuClass,
            migProfile: grant.migProfile,
            reason: found.error,
          });
        }
        shares.set(key, 'share' in found ? found.share : undefined);
      }
      return shares.get(key);
    };

    const rows: GpuDailyRow[] = [];
    let unpriced = 0;
    for (const grant of grants) {
      const interval = grantInterval(grant, now);
      if (!interval || interval.end <= dayMs(from)) continue;
      const share = shareOf(grant);
      // Priced from the grant's first day, so a day costs the same whichever
      // window recomputes it (see priceGrantDays); only the window is stored.
      const lastDay = toDay(Math.min(interval.end - 1, dayMs(to)));
      const days: GrantDay[] = [];
      for (
        let day = toDay(interval.start);
        day <= lastDay;
        day = addDays(day, 1)
      ) {
        // The whole GPU's rate, also for a MIG grant: parseRateCard refuses
        // an explicit MIG rate that is not this rate's share.
        const rate = rateFor(rateCard, {
          cluster: grant.cluster,
          gpuClass: grant.gpuClass,
          day,
        });
        days.push({
          day,
          ms: grantMsOn(grant, day, now),
          rateNanos: share ? nanosOfRate(rate) : undefined,
        });
      }
      for (const priced of priceGrantDays(
        days,
        grant.count,
        share ?? WHOLE_GPU,
      )) {
        if (priced.day < from || priced.ms <= 0) continue;
        if (priced.rateNanos === undefined) {
          unpriced += 1;
          continue;
        }
        const basisPoints = utilisationBasisPoints(await utilisationOf(grant));
        const hours = (priced.ms / HOUR_MS) * grant.count;
        rows.push({
          day: priced.day,
          cluster: grant.cluster,
          entityRef: grant.entityRef
            ? refKey(grant.entityRef, 'component')
            : null,
          team: refKey(grant.team, 'group'),
          gpuClass: grant.migProfile
            ? `${grant.gpuClass}/${grant.migProfile}`
            : grant.gpuClass,
          grantId: grant.id,
          gpuHoursAllocated: hours,
          gpuHoursUsed: (hours * basisPoints) / FULL_UTILISATION_BP,
          // Per GPU- or MIG instance-hour, rounded to the nano-unit for
          // display; the cost above comes from the exact share.
          hourlyRateNanos: shareRateNanos(priced.rateNanos, share ?? WHOLE_GPU),
          allocatedCostNanos: priced.allocatedNanos,
          usedCostNanos: usedNanos(priced.allocatedNanos, basisPoints),
          currency: rateCard.currency,
        });
      }
    }
    await store.replaceGpuDays({ from, to, rows });
    if (unpriced) {
      logger.warn(
        'GPU grants without a rate in the rate card were not priced',
        {
          grantDays: unpriced,
        },
      );
    }
    return { from, to, rows: rows.length, unpriced };
  }
}
