import { LoggerService } from '@backstage/backend-plugin-api';
import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { RateCard, rateFor } from '../config/rateCard';
import { GpuCostStore, GpuDailyRow } from '../database/types';
import { addDays, dayMs, toDay } from '../service/dates';
import { GpuUsageSource } from './GpuUsageSource';

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

/** GPU-hours of a grant within one UTC day. */
export function grantHoursOn(
  grant: Pick<GpuRequest, 'activeSince' | 'endedAt' | 'expiresAt' | 'count'>,
  day: string,
  now: number,
): number {
  if (!grant.activeSince) return 0;
  const start = Date.parse(grant.activeSince);
  const endCandidates = [now];
  if (grant.endedAt) endCandidates.push(Date.parse(grant.endedAt));
  if (grant.expiresAt) endCandidates.push(Date.parse(grant.expiresAt));
  const end = Math.min(...endCandidates);
  const from = Math.max(start, dayMs(day));
  const to = Math.min(end, dayMs(day) + DAY_MS);
  return to > from ? ((to - from) / HOUR_MS) * grant.count : 0;
}

/**
 * Computes Kubernetes GPU cost per grant and day: GPU-hours granted (from
 * the gpu-provisioning backend) priced by the rate card, and the used share
 * weighted by the mean DCGM utilisation of the entity (or team) over the
 * last 7 days (from the gpu-metrics backend). Allocated − used is idle waste.
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

    const rows: GpuDailyRow[] = [];
    let unpriced = 0;
    for (const grant of grants) {
      for (let day = from; day <= to; day = addDays(day, 1)) {
        const hours = grantHoursOn(grant, day, now);
        if (hours <= 0) continue;
        const rate = rateFor(rateCard, {
          cluster: grant.cluster,
          gpuClass: grant.gpuClass,
          migProfile: grant.migProfile,
          day,
        });
        if (rate === undefined) {
          unpriced += 1;
          continue;
        }
        const share =
          Math.min(100, Math.max(0, await utilisationOf(grant))) / 100;
        rows.push({
          day,
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
          gpuHoursUsed: hours * share,
          hourlyRate: rate,
          allocatedCost: hours * rate,
          usedCost: hours * share * rate,
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
