import { formatMoney, nanoPerHour, parseMoney } from './idleMoney';

describe('idle money', () => {
  it.each([
    [0n, '0.00'],
    [12_500_000_000n, '12.50'],
    [333_333_333n, '0.333333333'],
    [1_000_000_010n, '1.00000001'],
    [-2_050_000_000n, '-2.05'],
  ])('formats %p nano-units as %p and reads it back', (nano, text) => {
    expect(formatMoney(nano)).toBe(text);
    expect(parseMoney(text)).toBe(nano);
  });

  it('reads configured hourly rates exactly', () => {
    expect(nanoPerHour(4.1)).toBe(4_100_000_000n);
    expect(nanoPerHour(0.000000001)).toBe(1n);
    expect(nanoPerHour(2.75)).toBe(2_750_000_000n);
  });

  it('refuses what is not an amount', () => {
    expect(() => parseMoney('12,50')).toThrow('not an amount: 12,50');
    expect(() => nanoPerHour(Number.NaN)).toThrow(RangeError);
  });
});
