import { divideRounded } from './divideRounded';

const HOUR_MS = BigInt(3_600_000);

/**
 * The cost in nano-units of `count` units (GPUs, instances) at
 * `ratePerHourNanos` for `ms` milliseconds (rounded to a whole millisecond,
 * negative as zero): the product is exact in BigInt and rounded once, half
 * away from zero, to a nano-unit, so a year of 512 GPUs costs exactly
 * 512 × 8,760 × the rate.
 *
 * @public
 */
export function costNanos(options: {
  count: number;
  ratePerHourNanos: bigint;
  ms: number;
}): bigint {
  const ms = BigInt(Math.max(0, Math.round(options.ms)));
  return divideRounded(
    options.ratePerHourNanos * BigInt(options.count) * ms,
    HOUR_MS,
  );
}
