/*
 * Money of idle GPUs in exact integer nano-units (10^-9 of the portal's
 * currency), as BigInt so products of rates, counts and milliseconds never
 * round; only the hourly rate from config is a decimal, read once.
 */

const NANO = 1_000_000_000n;
const HOUR_MS = 3_600_000n;

/** A configured hourly rate (a decimal) in nano-units per hour. */
export function nanoPerHour(rate: number): bigint {
  // Rates are configured with a few decimals; the rounding drops float noise.
  return BigInt(Math.round(rate * 1e9));
}

/**
 * The cost of `count` GPUs at `ratePerHour` (nano-units) for `ms`
 * milliseconds, rounded half up to a nano-unit.
 */
export function costNano(options: {
  count: number;
  ratePerHour: bigint;
  ms: number;
}): bigint {
  const ms = BigInt(Math.max(0, Math.round(options.ms)));
  const numerator = options.ratePerHour * BigInt(options.count) * ms;
  return (numerator + HOUR_MS / 2n) / HOUR_MS;
}

/** Nano-units as a decimal string with at least two decimals: `12.50`, `0.333333333`. */
export function formatMoney(nano: bigint): string {
  const sign = nano < 0n ? '-' : '';
  const abs = nano < 0n ? -nano : nano;
  const whole = abs / NANO;
  const fraction = (abs % NANO)
    .toString()
    .padStart(9, '0')
    .replace(/0{1,7}$/, '');
  return `${sign}${whole}.${fraction.padEnd(2, '0')}`;
}

/** A decimal string of {@link formatMoney} back in nano-units. */
export function parseMoney(text: string): bigint {
  const match = /^(-?)(\d+)\.(\d{1,9})$/.exec(text);
  if (!match) throw new Error(`not an amount: ${text}`);
  const nano = BigInt(match[2]) * NANO + BigInt(match[3].padEnd(9, '0'));
  return match[1] ? -nano : nano;
}
