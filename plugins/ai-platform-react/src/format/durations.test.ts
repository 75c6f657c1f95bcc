import { formatHours, formatTimeLeft, msUntil } from './durations';

const NOW = new Date('2025-06-02T12:00:00Z').getTime();
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

describe('duration formatters', () => {
  it.each([
    [8, '8 hours'],
    [1, '1 hour'],
    [24, '1 day'],
    [72, '3 days'],
    [30, '1 day 6 hours'],
    [168, '1 week'],
    [336, '2 weeks'],
    [0, '—'],
    [Number.NaN, '—'],
  ])('formats %d hours as %s', (hours, text) => {
    expect(formatHours(hours)).toBe(text);
  });

  it.each([
    [at(2 * 1440 + 4 * 60 + 5), '2 d 4 h'],
    [at(3 * 60 + 12), '3 h 12 min'],
    [at(45), '45 min'],
    [at(0.2), '1 min'],
    [at(-5), 'expired'],
    [undefined, '—'],
    ['not a date', '—'],
  ])('formats time left until %s as %s', (until, text) => {
    expect(formatTimeLeft(until, NOW)).toBe(text);
  });

  it('sorts instants without one last', () => {
    expect(msUntil(at(1), NOW)).toBe(60_000);
    expect(msUntil(undefined, NOW)).toBe(Number.POSITIVE_INFINITY);
    expect(msUntil('nope', NOW)).toBe(Number.POSITIVE_INFINITY);
  });
});
