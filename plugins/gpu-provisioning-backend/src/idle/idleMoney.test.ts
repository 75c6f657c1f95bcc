import { costNano, formatMoney, nanoPerHour } from './idleMoney';

describe('idle money', () => {
  it.each([
    [0n, '0.00'],
    [12_500_000_000n, '12.50'],
    [333_333_333n, '0.333333333'],
    [1_000_000_010n, '1.00000001'],
    [-2_050_000_000n, '-2.05'],
  ])('formats %p nano-units as %p', (nano, text) => {
    expect(formatMoney(nano)).toBe(text);
  });

  it('costs GPUs by the millisecond without rounding the sum', () => {
    const rate = nanoPerHour(4.1);
    expect(rate).toBe(4_100_000_000n);
    // 3 GPUs × 4.10 × 20 minutes = 4.10
    expect(costNano({ count: 3, ratePerHour: rate, ms: 20 * 60_000 })).toBe(
      4_100_000_000n,
    );
    // A year of 512 GPUs stays exact in BigInt.
    expect(
      formatMoney(
        costNano({ count: 512, ratePerHour: rate, ms: 365 * 24 * 3_600_000 }),
      ),
    ).toBe('18388992.00');
  });
});
