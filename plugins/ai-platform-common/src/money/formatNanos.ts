import { divideRounded } from './divideRounded';
import { NANO_DIGITS } from './parseNanos';

const ZERO = BigInt(0);
const TEN = BigInt(10);

/**
 * How {@link formatNanos} writes an amount.
 *
 * @public
 */
export interface FormatNanosOptions {
  /**
   * Round half away from zero to this many decimals (0 to 9); 9, every
   * nano-unit, by default.
   */
  maxDecimals?: number;
  /**
   * Keep at least this many decimals, padding with zeros (`12.50` with 2);
   * 0, no trailing zeros, by default. Never more than `maxDecimals`.
   */
  minDecimals?: number;
}

/**
 * Nano-units as the decimal text of a currency amount (`-12.5`,
 * `0.000637721`), rounded half away from zero to `maxDecimals` and without
 * trailing zeros beyond `minDecimals`. A negative amount that rounds to zero
 * is `0`. {@link parseNanos} reads the text back exactly.
 *
 * @public
 */
export function formatNanos(
  nanos: bigint,
  options: FormatNanosOptions = {},
): string {
  const decimals = options.maxDecimals ?? NANO_DIGITS;
  const minDecimals = Math.min(options.minDecimals ?? 0, decimals);
  const scaled = divideRounded(nanos, TEN ** BigInt(NANO_DIGITS - decimals));
  const magnitude = scaled < ZERO ? -scaled : scaled;
  const scale = TEN ** BigInt(decimals);
  const whole = magnitude / scale;
  const digits = String(magnitude % scale).padStart(decimals, '0');
  let end = digits.length;
  while (end > minDecimals && digits[end - 1] === '0') end--;
  const fraction = digits.slice(0, end);
  const text = fraction ? `${whole}.${fraction}` : String(whole);
  return scaled < ZERO ? `-${text}` : text;
}
