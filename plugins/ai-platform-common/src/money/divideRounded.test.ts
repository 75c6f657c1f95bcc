import fc from 'fast-check';
import { divideRounded } from './divideRounded';

describe('divideRounded', () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [4n, 3n, 1n],
    [-4n, 3n, -1n],
    [1500n, 1000n, 2n],
    [1499n, 1000n, 1n],
    [0n, 7n, 0n],
  ])('divides %p by %p as %p', (value, divisor, quotient) => {
    expect(divideRounded(value, divisor)).toBe(quotient);
  });

  it('is the nearest integer to the exact quotient, halves away from zero', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (value, divisor) => {
          const q = divideRounded(value, divisor);
          // |q × divisor − value| ≤ divisor / 2, and a tie goes outward.
          const twiceError = 2n * (q * divisor - value);
          expect(twiceError <= divisor && twiceError >= -divisor).toBe(true);
          expect(twiceError === divisor && value < 0n).toBe(false);
          expect(twiceError === -divisor && value > 0n).toBe(false);
        },
      ),
    );
  });
});
