import {
  divideRounded,
  parseNanos,
} from '@ai-platform/plugin-ai-platform-common';
import { RateCard, rateFor } from '../config/rateCard';
import { WHOLE_GPU, migShare } from '../gpu/migPricing';
import { usedNanos, utilisationBasisPoints } from '../gpu/priceGrantDays';
import { ServingError, ServingTotals } from './types';

const MS_PER_HOUR = 3_600_000n;

/** A server's GPU cost over a window or day, in nano-units. */
export interface PricedGpuHours {
  gpuCostNanos: bigint;
  /** `gpuCostNanos` weighted by the serving pods' mean GPU utilisation. */
  usedGpuCostNanos: bigint;
  /** GPU-hours without a rate (no GPU class, or none in the rate card), named. */
  unpriced: ServingError[];
}

/**
 * Prices the device-hours a server's pods held with the rate card on `day`
 * (whole GPUs by their class's rate; a MIG instance as its compute slices'
 * share of its GPU's rate, as grants are priced). Hours (a
 * measured quantity) become whole milliseconds once; each entry is then
 * milliseconds × rate × share ÷ 3,600,000 in BigInt, rounded half away
 * from zero.
 * The used cost is the GPU cost × the mean utilisation in whole basis
 * points, rounded once, as the GPU allocation job computes it.
 */
export function priceGpuHours(
  totals: Pick<ServingTotals, 'gpuHours' | 'gpuUtilisation'>,
  rateCard: RateCard,
  day: string,
): PricedGpuHours {
  let gpuCostNanos = 0n;
  const unpriced: ServingError[] = [];
  for (const entry of totals.gpuHours) {
    if (!(entry.hours > 0)) continue;
    const device = entry.gpuClass
      ? `${entry.gpuClass}${entry.migProfile ? `/${entry.migProfile}` : ''}`
      : 'GPUs of no known class';
    const found = entry.migProfile
      ? migShare(entry.gpuClass ?? '', entry.migProfile)
      : { share: WHOLE_GPU };
    // The whole GPU's rate, also for a MIG instance: an instance costs its
    // compute slices' share of it, as grants are priced (gpu/migPricing).
    const rate = entry.gpuClass
      ? rateFor(rateCard, {
          cluster: entry.cluster,
          gpuClass: entry.gpuClass,
          day,
        })
      : undefined;
    const rateNanos = rate === undefined ? null : parseNanos(String(rate));
    if (rateNanos === null || 'error' in found) {
      unpriced.push({
        cluster: entry.cluster,
        message: `${entry.hours.toFixed(3)} GPU-hours of ${device} ${
          'error' in found
            ? `cannot be priced: ${found.error}`
            : `have no rate in the rate card on ${day}`
        }; not priced`,
      });
      continue;
    }
    const { numerator, denominator } = found.share;
    const ms = BigInt(Math.round(entry.hours * 3_600_000));
    gpuCostNanos += divideRounded(
      ms * BigInt(rateNanos) * numerator,
      MS_PER_HOUR * denominator,
    );
  }
  const mean = totals.gpuUtilisation.mean;
  const basisPoints = mean === null ? 0 : utilisationBasisPoints(mean);
  return {
    gpuCostNanos,
    usedGpuCostNanos: usedNanos(gpuCostNanos, basisPoints),
    unpriced,
  };
}
