import { formatWindowTick } from './timeWindows';

describe('formatWindowTick', () => {
  const t = Date.UTC(2026, 10, 22, 13, 45) / 1000;

  it.each([
    ['1h', { hour: '2-digit', minute: '2-digit' }],
    ['24h', { hour: '2-digit', minute: '2-digit' }],
    [
      '7d',
      { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
    ],
    ['30d', { day: 'numeric', month: 'short' }],
  ] as const)('writes a %s tick as the locale does', (window, options) => {
    const expected = new Date(t * 1000).toLocaleString('en-GB', options);
    expect(formatWindowTick(t, window)).toBe(expected);
  });
});
