import { servingRange } from './servingRange';

const NOW = Date.parse('2026-12-04T05:00:00Z');

describe('servingRange', () => {
  it('covers a completed UTC day', () => {
    expect(servingRange({ day: '2026-12-03' }, NOW)).toEqual({
      start: Date.parse('2026-12-03T00:00:00Z') / 1000,
      end: Date.parse('2026-12-04T00:00:00Z') / 1000,
      step: 90,
      seconds: 86400,
    });
  });

  it.each([
    ['2026-12-04', 'not yet complete'],
    ['2026-11-03', 'more than 30 days back'],
    ['2026-02-30', 'not a calendar day'],
    ['2026-1-03', 'not YYYY-MM-DD'],
  ])('refuses %s (%s), naming day', (day, _why) => {
    expect(() => servingRange({ day }, NOW)).toThrow(/^Invalid query: day: /);
  });

  it('accepts the oldest day allowed', () => {
    expect(servingRange({ day: '2026-11-04' }, NOW).seconds).toBe(86400);
  });

  it('ends a window now, aligned to its step', () => {
    expect(servingRange({ window: '1h' }, NOW)).toMatchObject({
      end: NOW / 1000,
      seconds: 3600,
    });
  });
});
