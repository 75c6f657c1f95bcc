// BigInt(…) rather than bigint literals: this package is bundled for
// browsers too, and some bundler targets refuse `2n`.
const ZERO = BigInt(0);
const TWO = BigInt(2);

/**
 * `value` divided by a positive `divisor`, rounded half away from zero, in
 * integer arithmetic: the one rounding rule of exact money.
 *
 * @public
 */
export function divideRounded(value: bigint, divisor: bigint): bigint {
  const half = divisor / TWO;
  return value < ZERO ? -((-value + half) / divisor) : (value + half) / divisor;
}
