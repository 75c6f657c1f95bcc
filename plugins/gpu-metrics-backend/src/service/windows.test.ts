import { heatmapBuckets, stepSeconds, windowRange } from './windows';

describe('stepSeconds', () => {
  it.each([
    ['1h', 30],
    ['6h', 30],
    ['24h', 90],
    ['7d', 630],
    ['30d', 2610],
  ] as const)('%s → %d s, under 1,000 points', (window, step) => {
    expect(stepSeconds(window)).toBe(step);
    const { start, end } = windowRange(window, Date.now());
    expect((end - start) / step).toBeLessThanOrEqual(1000);
  });
});

describe('heatmapBuckets', () => {
  it.each([
    ['1h', 60, 60],
    ['6h', 300, 72],
    ['24h', 900, 96],
    ['7d', 7200, 84],
    ['30d', 28800, 90],
  ] as const)(
    '%s → buckets of %d s, %d columns ending on the clock',
    (window, bucketSeconds, columns) => {
      const now = Date.UTC(2026, 10, 22, 13, 47, 12, 345);
      const buckets = heatmapBuckets(window, now, 96);
      expect(buckets).toMatchObject({ bucketSeconds, columns });
      expect(buckets.end % bucketSeconds).toBe(0);
      expect(buckets.end).toBeLessThanOrEqual(now / 1000);
      expect(now / 1000 - buckets.end).toBeLessThan(bucketSeconds);
      expect(buckets.end - buckets.start).toBe(columns * bucketSeconds);
    },
  );
});
