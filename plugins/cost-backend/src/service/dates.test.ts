import { addDays, bucketOf, bucketsOf, previousPeriod } from './dates';

/** The buckets by definition: every day of the range, each to its bucket, once. */
function bucketsDayByDay(
  from: string,
  to: string,
  granularity: 'day' | 'week' | 'month',
): string[] {
  const result: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const bucket = bucketOf(day, granularity);
    if (result[result.length - 1] !== bucket) result.push(bucket);
  }
  return result;
}

describe('bucketsOf', () => {
  it('lists days, weeks from the Monday on or before the first day, and months', () => {
    expect(bucketsOf('2025-12-30', '2026-01-02', 'day')).toEqual([
      '2025-12-30',
      '2025-12-31',
      '2026-01-01',
      '2026-01-02',
    ]);
    // 2025-12-31 is a Wednesday; 2026-01-19 a Monday.
    expect(bucketsOf('2025-12-31', '2026-01-19', 'week')).toEqual([
      '2025-12-29',
      '2026-01-05',
      '2026-01-12',
      '2026-01-19',
    ]);
    expect(bucketsOf('2025-11-15', '2026-02-01', 'month')).toEqual([
      '2025-11-01',
      '2025-12-01',
      '2026-01-01',
      '2026-02-01',
    ]);
    expect(bucketsOf('2024-02-28', '2024-03-01', 'day')).toEqual([
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
  });

  it('equals the day-by-day definition over ranges of every length and start', () => {
    for (let start = 0; start < 60; start += 7) {
      for (const length of [0, 1, 6, 7, 8, 30, 91, 366]) {
        const from = addDays('2023-12-25', start * 3);
        const to = addDays(from, length);
        for (const granularity of ['day', 'week', 'month'] as const) {
          expect(bucketsOf(from, to, granularity)).toEqual(
            bucketsDayByDay(from, to, granularity),
          );
        }
      }
    }
  });
});

describe('previousPeriod', () => {
  it.each([
    // Whole months: the same number of months before.
    ['2024-09-01', '2024-09-30', '2024-08-01', '2024-08-31'],
    ['2025-03-01', '2025-03-31', '2025-02-01', '2025-02-28'],
    ['2024-03-01', '2024-03-31', '2024-02-01', '2024-02-29'],
    ['2025-01-01', '2025-01-31', '2024-12-01', '2024-12-31'],
    ['2025-07-01', '2025-09-30', '2025-04-01', '2025-06-30'],
    ['2025-01-01', '2025-12-31', '2024-01-01', '2024-12-31'],
    // Anything else: the same number of days before.
    ['2025-06-01', '2025-06-15', '2025-05-17', '2025-05-31'],
    ['2025-06-02', '2025-06-30', '2025-05-04', '2025-06-01'],
    ['2025-06-10', '2025-06-10', '2025-06-09', '2025-06-09'],
  ])('before %s to %s is %s to %s', (from, to, prevFrom, prevTo) => {
    expect(previousPeriod(from, to)).toEqual({ from: prevFrom, to: prevTo });
  });
});
