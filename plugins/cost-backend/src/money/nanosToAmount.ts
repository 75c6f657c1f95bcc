import {
  NANO_DIGITS,
  divideRounded,
} from '@ai-platform/plugin-ai-platform-common';

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);
const NANOS_PER_MICRO = 1000n;

/**
 * An integer count of 10^-`decimals` as the double nearest to its exact
 * decimal value. Below 2^53 both operands of the division are exact and
 * IEEE division rounds once, so this is what parsing the decimal's text
 * would give (2591715200n at 4 decimals is 259171.52, never
 * 259171.520000001); larger counts go through the text.
 */
function toDouble(count: bigint, decimals: number): number {
  if (count <= MAX_EXACT && count >= -MAX_EXACT) {
    return Number(count) / 10 ** decimals;
  }
  const magnitude = count < 0n ? -count : count;
  const scale = 10n ** BigInt(decimals);
  const text = `${magnitude / scale}.${String(magnitude % scale).padStart(
    decimals,
    '0',
  )}`;
  return count < 0n ? -Number(text) : Number(text);
}

/** Nano-units as the double nearest to their exact amount (all nine decimals). */
export function nanosToNumber(nanos: bigint): number {
  return toDouble(nanos, NANO_DIGITS);
}

/**
 * Nano-units as a currency amount for an answer: rounded to six decimals
 * (half away from zero) in integer arithmetic, then the double nearest to
 * that decimal.
 */
export function nanosToAmount(nanos: bigint): number {
  return toDouble(divideRounded(nanos, NANOS_PER_MICRO), 6);
}
