import fc from 'fast-check';
import { formatNanos } from './formatNanos';
import { parseNanos } from './parseNanos';

const INT64_MAX = 9223372036854775807n;

describe('formatNanos', () => {
  it.each([
    [637721n, 9, '0.000637721'],
    [-637721n, 6, '-0.000638'],
    [-400n, 6, '0'],
    [1999999999500n, 9, '1999.9999995'],
    [1999999999500n, 6, '2000'],
    [0n, 2, '0'],
  ])('formats %p to %p decimals as %p', (nanos, maxDecimals, text) => {
    expect(formatNanos(nanos, { maxDecimals })).toBe(text);
  });

  it.each([
    [0n, '0.00'],
    [12_500_000_000n, '12.50'],
    [333_333_333n, '0.333333333'],
    [1_000_000_010n, '1.00000001'],
    [-2_050_000_000n, '-2.05'],
    [-1n, '-0.000000001'],
  ])('formats %p with at least two decimals as %p', (nanos, text) => {
    expect(formatNanos(nanos, { minDecimals: 2 })).toBe(text);
  });

  it('never pads past the decimals it rounds to', () => {
    expect(
      formatNanos(1_500_000_000n, { maxDecimals: 0, minDecimals: 2 }),
    ).toBe('2');
  });

  it('is read back exactly: parse ∘ format is the identity on 64-bit nano-units', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -INT64_MAX, max: INT64_MAX }),
        fc.integer({ min: 0, max: 9 }),
        (nanos, minDecimals) => {
          expect(parseNanos(formatNanos(nanos, { minDecimals }))).toBe(
            String(nanos),
          );
        },
      ),
    );
  });

  it('rounds half away from zero to fewer decimals, as exact decimal arithmetic does', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }),
        fc.integer({ min: 0, max: 9 }),
        (nanos, maxDecimals) => {
          const text = formatNanos(nanos, { maxDecimals });
          const [, fraction = ''] = text.split('.');
          expect(fraction.length).toBeLessThanOrEqual(maxDecimals);
          // The text is the amount within half of its last decimal.
          const back = BigInt(parseNanos(text)!);
          const half = 10n ** BigInt(9 - maxDecimals) / 2n;
          const error = back - nanos;
          expect(error <= half && error >= -half).toBe(true);
        },
      ),
    );
  });
});
