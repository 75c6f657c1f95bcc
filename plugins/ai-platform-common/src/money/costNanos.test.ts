import fc from 'fast-check';
import { costNanos } from './costNanos';

describe('costNanos', () => {
  it('costs GPUs by the millisecond without rounding the sum', () => {
    const ratePerHourNanos = 4_100_000_000n;
    // 3 GPUs × 4.10 × 20 minutes = 4.10
    expect(costNanos({ count: 3, ratePerHourNanos, ms: 20 * 60_000 })).toBe(
      4_100_000_000n,
    );
    // A year of 512 GPUs stays exact in BigInt.
    expect(
      costNanos({ count: 512, ratePerHourNanos, ms: 365 * 24 * 3_600_000 }),
    ).toBe(18_388_992_000_000_000n);
  });

  it('rounds half up to a nano-unit and costs nothing for no time', () => {
    expect(costNanos({ count: 1, ratePerHourNanos: 1n, ms: 1_800_000 })).toBe(
      1n,
    );
    expect(costNanos({ count: 1, ratePerHourNanos: 1n, ms: 1_799_999 })).toBe(
      0n,
    );
    expect(costNanos({ count: 4, ratePerHourNanos: 10n ** 9n, ms: -5 })).toBe(
      0n,
    );
  });

  it('is within half a nano-unit of count × rate × hours', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc.integer({ min: 0, max: 10 * 365 * 24 * 3_600_000 }),
        (count, ratePerHourNanos, ms) => {
          const cost = costNanos({ count, ratePerHourNanos, ms });
          const twiceError =
            2n *
            (cost * 3_600_000n - ratePerHourNanos * BigInt(count) * BigInt(ms));
          expect(twiceError <= 3_600_000n && twiceError > -3_600_000n).toBe(
            true,
          );
        },
      ),
    );
  });
});
