const ZERO = BigInt(0);
const ONE = BigInt(1);

/**
 * Splits `total` nano-units into integer parts proportional to `weights`
 * (non-negative, not all zero) so that the parts add up to `total` exactly:
 * each part is its exact share rounded toward zero, and the nano-units left
 * over go one each to the largest remainders (ties to the earlier weight).
 * Each part is within one nano-unit of its exact share.
 *
 * @throws RangeError when a weight is negative or all are zero.
 * @public
 */
export function allocateLargestRemainder(
  total: bigint,
  weights: bigint[],
): bigint[] {
  if (total < ZERO) {
    return allocateLargestRemainder(-total, weights).map(p => -p);
  }
  const sum = weights.reduce((s, w) => s + w, ZERO);
  if (weights.some(w => w < ZERO) || sum === ZERO) {
    throw new RangeError('weights must be non-negative and not all zero');
  }
  const parts = weights.map(w => (total * w) / sum);
  const remainders = weights.map((w, index) => ({
    index,
    remainder: (total * w) % sum,
  }));
  let left = total - parts.reduce((s, p) => s + p, ZERO);
  remainders.sort(
    (a, b) =>
      Number(b.remainder > a.remainder) - Number(b.remainder < a.remainder) ||
      a.index - b.index,
  );
  for (const { index } of remainders) {
    if (left === ZERO) break;
    parts[index] += ONE;
    left -= ONE;
  }
  return parts;
}
