/*
 * The idle policy's money rules on top of the suite's exact nano-units
 * (@ai-platform/plugin-ai-platform-common): its API writes amounts with at
 * least two decimals, and its rates come from config as decimals.
 */
import {
  formatNanos,
  parseNanos,
} from '@ai-platform/plugin-ai-platform-common';

/** A configured hourly rate (a decimal) in nano-units per hour, read exactly. */
export function nanoPerHour(rate: number): bigint {
  const nanos = parseNanos(String(rate));
  if (nanos === null) throw new RangeError(`not an hourly rate: ${rate}`);
  return BigInt(nanos);
}

/** Nano-units as a decimal string with at least two decimals: `12.50`, `0.333333333`. */
export function formatMoney(nano: bigint): string {
  return formatNanos(nano, { minDecimals: 2 });
}

/** A decimal string of {@link formatMoney} back in nano-units. */
export function parseMoney(text: string): bigint {
  const nanos = parseNanos(text);
  if (nanos === null) throw new Error(`not an amount: ${text}`);
  return BigInt(nanos);
}
