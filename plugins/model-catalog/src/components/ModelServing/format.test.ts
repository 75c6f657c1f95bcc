import { formatMoney, formatSeconds, formatTokens } from './format';

describe('serving formatters', () => {
  it.each([
    ['1.234', '$1.23'],
    ['0.0042', '$0.0042'],
    ['0', '$0.00'],
    [null, '—'],
    ['nope', '—'],
  ])('formats money %p as %s', (decimal, text) => {
    expect(formatMoney(decimal)).toBe(text);
  });

  it('formats latency in ms below a second and tokens compactly', () => {
    expect(formatSeconds(0.182)).toBe('182 ms');
    expect(formatSeconds(2.44)).toBe('2.4 s');
    expect(formatSeconds(null)).toBe('—');
    expect(formatTokens(1_250_000)).toBe('1.3M');
  });
});
