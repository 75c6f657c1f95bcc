import { formatQuantity, isQuantity, parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['1', 1],
    ['500m', 0.5],
    ['2k', 2000],
    ['10Gi', 10 * 2 ** 30],
    ['128Mi', 128 * 2 ** 20],
    ['1e3', 1000],
    ['1.5', 1.5],
    [8, 8],
  ])('parses %p as %p', (input, expected) => {
    expect(parseQuantity(input)).toBeCloseTo(expected);
  });

  it.each(['', 'abc', '1Gb', '--1', '1..2'])('refuses %p', input => {
    expect(() => parseQuantity(input)).toThrow(/quantities must match/);
    expect(isQuantity(input)).toBe(false);
  });

  it('formats whole numbers plainly and fractions in milli-units', () => {
    expect(formatQuantity(4)).toBe('4');
    expect(formatQuantity(1.5)).toBe('1500m');
  });
});
