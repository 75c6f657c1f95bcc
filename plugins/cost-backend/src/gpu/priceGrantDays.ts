import { divideRounded } from '@ai-platform/plugin-ai-platform-common';
import { GpuShare, WHOLE_GPU } from './migPricing';

const HOUR_MS = 3_600_000n;

/** Utilisation is carried in basis points: 10,000 is 100 %. */
export const FULL_UTILISATION_BP = 10_000;

/** One day of a grant: how long it held its GPUs, and the rate that day. */
export interface GrantDay {
  day: string;
  /** Milliseconds of the day the grant was active. */
  ms: number;
  /** Price of one whole GPU-hour that day in nano-units; undefined when unpriced. */
  rateNanos: bigint | undefined;
}

/** A grant's day with its price. */
export interface PricedGrantDay extends GrantDay {
  /** The day's price in nano-units (0 when unpriced). */
  allocatedNanos: bigint;
}

/**
 * Prices the consecutive days of one grant, from its first day, so that the
 * days add up exactly to the price of the whole interval. The exact price
 * of a day is ms × GPUs × rate / 3,600,000 nano-units, a fraction; rounding
 * each day on its own would let a week drift from the week's price. Each
 * day is instead the rounded running total after it minus the rounded
 * running total before it, so any run of days telescopes to its total
 * rounded once (half away from zero), and a day's price depends only on the
 * days before it, never on which window a run recomputes.
 *
 * `rateNanos` is the price of a whole GPU-hour; a grant of MIG instances
 * (or time-sliced replicas) pays its `share` of it as an exact fraction,
 * so its instances and the rest of the GPU add up to the GPU's price
 * (see `reconcileGpuCost`).
 */
export function priceGrantDays(
  days: GrantDay[],
  gpuCount: number,
  share: GpuShare = WHOLE_GPU,
): PricedGrantDay[] {
  const count = BigInt(gpuCount) * share.numerator;
  const divisor = HOUR_MS * share.denominator;
  let exactSoFar = 0n; // in nano-units × divisor
  let roundedSoFar = 0n;
  return days.map(d => {
    if (d.rateNanos === undefined) return { ...d, allocatedNanos: 0n };
    exactSoFar += BigInt(d.ms) * count * d.rateNanos;
    const rounded = divideRounded(exactSoFar, divisor);
    const allocatedNanos = rounded - roundedSoFar;
    roundedSoFar = rounded;
    return { ...d, allocatedNanos };
  });
}

/**
 * A utilisation percentage (the gpu-metrics mean, a measured double such
 * as 25.37) as whole basis points within 0–10,000. Rounding it to 0.01 %
 * once is far below what DCGM sampling resolves; from there the used cost
 * is integer arithmetic, rounded once.
 */
export function utilisationBasisPoints(percent: number): number {
  if (!Number.isFinite(percent)) return 0;
  const clamped = Math.min(100, Math.max(0, percent));
  return Math.round(clamped * 100);
}

/** The used share of an allocated price, rounded once, half away from zero. */
export function usedNanos(allocatedNanos: bigint, basisPoints: number): bigint {
  return divideRounded(
    allocatedNanos * BigInt(basisPoints),
    BigInt(FULL_UTILISATION_BP),
  );
}
