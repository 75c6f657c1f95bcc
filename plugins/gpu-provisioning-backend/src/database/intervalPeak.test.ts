import fc from 'fast-check';
import { firstInstantOver, intervalPeak } from './intervalPeak';

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

  it('finds the first instant the held GPUs go over a limit, and what holds them then', () => {
    const grant = { start: -Infinity, end: Infinity, count: 2 };
    const booked = { start: 10, end: 20, count: 4 };
    const later = { start: 15, end: 30, count: 3 };
    const intervals = [grant, booked, later];
    expect(firstInstantOver(intervals, 0, 40, 5)).toEqual({
      at: 10,
      held: [grant, booked],
    });
    expect(firstInstantOver(intervals, 0, 40, 8)).toEqual({
      at: 15,
      held: [grant, booked, later],
    });
    expect(firstInstantOver(intervals, 0, 40, 9)).toBeUndefined();
    // Already over at the window's start; and a window before any booking.
    expect(firstInstantOver(intervals, 16, 40, 5)?.at).toBe(16);
    expect(firstInstantOver(intervals, 0, 10, 2)).toBeUndefined();
  });

  it('agrees with intervalPeak on whether a limit is passed', () => {
    const interval = fc
      .tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 20 }))
      .chain(([start, length]) =>
        fc.record({
          start: fc.constant(start),
          end: fc.constant(start + length),
          count: fc.integer({ min: 1, max: 5 }),
        }),
      );
    fc.assert(
      fc.property(
        fc.array(interval, { maxLength: 8 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 12 }),
        (intervals, from, length, limit) => {
          const over = firstInstantOver(intervals, from, from + length, limit);
          const peak = intervalPeak(intervals, from, from + length);
          expect(over !== undefined).toBe(peak > limit);
        },
      ),
    );
  });
});
