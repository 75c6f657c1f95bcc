import fc from 'fast-check';
import { allocateLargestRemainder } from './allocateLargestRemainder';

describe('allocateLargestRemainder', () => {
  it('gives the parts exactly, each within one nano-unit of its exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), {
          minLength: 1,
          maxLength: 20,
        }),
        (total, weights) => {
          fc.pre(weights.some(w => w > 0n));
          const parts = allocateLargestRemainder(total, weights);
          const sum = weights.reduce((s, w) => s + w, 0n);
          expect(parts.reduce((s, p) => s + p, 0n)).toBe(total);
          // A zero weight gets nothing.
          expect(
            parts.filter((_, i) => weights[i] === 0n).every(p => p === 0n),
          ).toBe(true);
          parts.forEach((part, i) => {
            // |part × sum − total × weight| < sum
            const error = part * sum - total * weights[i];
            expect(error < sum && error > -sum).toBe(true);
          });
        },
      ),
    );
  });

  it('hands the leftover nano-units to the largest remainders, ties to the first', () => {
    expect(allocateLargestRemainder(10n, [1n, 1n, 1n])).toEqual([4n, 3n, 3n]);
    expect(allocateLargestRemainder(100n, [1n, 2n, 3n])).toEqual([
      17n,
      33n,
      50n,
    ]);
    expect(allocateLargestRemainder(-10n, [1n, 1n, 1n])).toEqual([
      -4n,
      -3n,
      -3n,
    ]);
  });

  it('refuses weights that share nothing out', () => {
    expect(() => allocateLargestRemainder(1n, [0n, 0n])).toThrow(RangeError);
    expect(() => allocateLargestRemainder(1n, [2n, -1n])).toThrow(RangeError);
  });
});
