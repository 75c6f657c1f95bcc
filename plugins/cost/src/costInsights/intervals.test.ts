import { parseIntervals } from './intervals';

describe('parseIntervals', () => {
  it.each([
    [
      'R2/P30D/2020-09-01',
      {
        start: '2020-07-03',
        end: '2020-09-01',
        periods: [
          { start: '2020-07-03', end: '2020-08-02' },
          { start: '2020-08-02', end: '2020-09-01' },
        ],
      },
    ],
    [
      'R2/P3M/2020-10-01',
      {
        start: '2020-04-01',
        end: '2020-10-01',
        periods: [
          { start: '2020-04-01', end: '2020-07-01' },
          { start: '2020-07-01', end: '2020-10-01' },
        ],
      },
    ],
    [
      'R3/P1W/2026-11-23',
      {
        start: '2026-11-02',
        end: '2026-11-23',
        periods: [
          { start: '2026-11-02', end: '2026-11-09' },
          { start: '2026-11-09', end: '2026-11-16' },
          { start: '2026-11-16', end: '2026-11-23' },
        ],
      },
    ],
    [
      // Months clamp to the month's last day, as luxon does.
      'R1/P1M/2020-03-31',
      {
        start: '2020-02-29',
        end: '2020-03-31',
        periods: [{ start: '2020-02-29', end: '2020-03-31' }],
      },
    ],
    [
      'R2/2026-01-01/P1M',
      {
        start: '2026-01-01',
        end: '2026-03-01',
        periods: [
          { start: '2026-01-01', end: '2026-02-01' },
          { start: '2026-02-01', end: '2026-03-01' },
        ],
      },
    ],
  ])('parses %s', (intervals, expected) => {
    expect(parseIntervals(intervals)).toEqual(expected);
  });

  it.each([
    ['P30D/2020-09-01', /not an ISO 8601 repeating interval/],
    ['R0/P30D/2020-09-01', /not an ISO 8601 repeating interval/],
    ['R2/P30X/2020-09-01', /invalid duration 'P30X'/],
    ['R2/P0D/2020-09-01', /empty duration/],
    ['R2/P30D/2020-02-30', /invalid date '2020-02-30'/],
    ['R2/P30D/yesterday', /invalid date 'yesterday'/],
  ])('refuses %s with a message naming the field', (intervals, message) => {
    expect(() => parseIntervals(intervals)).toThrow(/^intervals: /);
    expect(() => parseIntervals(intervals)).toThrow(message);
  });
});
