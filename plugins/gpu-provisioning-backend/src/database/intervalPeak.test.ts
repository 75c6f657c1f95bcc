import fc from 'fast-check';
import { intervalPeak } from './intervalPeak';

describe('intervalPeak', () => {
  it('takes the peak of overlapping intervals, not their sum', () => {
    const intervals = [
      { start: 0, end: 10, count: 2 },
      { start: 10, end: 20, count: 3 },
      { start: 5, end: 15, count: 1 },
    ];
    expect(intervalPeak(intervals, 0, 20)).toBe(4);
    expect(intervalPeak(intervals, 0, 5)).toBe(2);
    expect(intervalPeak(intervals, 15, 20)).toBe(3);
    expect(intervalPeak(intervals, 20, 30)).toBe(0);
    expect(
      intervalPeak([{ start: -Infinity, end: Infinity, count: 5 }], 0, 1),
    ).toBe(5);
  });

  it('equals the largest count at any sampled instant', () => {
    const interval = fc
      .tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 20 }))
      .map(([start, length]) => ({ start, end: start + length }));
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ at: interval, count: fc.integer({ min: 1, max: 8 }) }),
          { maxLength: 12 },
        ),
        interval,
        (raw, window) => {
          const intervals = raw.map(r => ({ ...r.at, count: r.count }));
          let expected = 0;
          for (let t = window.start; t < window.end; t++) {
            const held = intervals
              .filter(i => i.start <= t && t < i.end)
              .reduce((sum, i) => sum + i.count, 0);
            expected = Math.max(expected, held);
          }
          expect(intervalPeak(intervals, window.start, window.end)).toBe(
            expected,
          );
        },
      ),
    );
  });
});
