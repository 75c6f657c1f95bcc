import { histogramQuantile } from './histogramQuantile';

const buckets = (pairs: Array<[number, number]>) =>
  pairs.map(([le, count]) => ({ le, count }));

describe('histogramQuantile', () => {
  it('interpolates within the bucket the rank falls in', () => {
    const b = buckets([
      [0.1, 10],
      [0.5, 30],
      [1, 40],
      [Infinity, 40],
    ]);
    // rank 20 of 40: halfway through (0.1, 0.5].
    expect(histogramQuantile(0.5, b)).toBeCloseTo(0.3, 10);
    // rank 5 of 40: halfway through the first bucket, which starts at 0.
    expect(histogramQuantile(0.125, b)).toBeCloseTo(0.05, 10);
  });

  it('answers the highest finite bound when the rank falls in +Inf', () => {
    const b = buckets([
      [1, 1],
      [2, 2],
      [Infinity, 10],
    ]);
    expect(histogramQuantile(0.95, b)).toBe(2);
  });

  it('answers null without observations or without +Inf', () => {
    expect(
      histogramQuantile(
        0.5,
        buckets([
          [1, 0],
          [Infinity, 0],
        ]),
      ),
    ).toBeNull();
    expect(
      histogramQuantile(
        0.5,
        buckets([
          [1, 3],
          [2, 4],
        ]),
      ),
    ).toBeNull();
    expect(histogramQuantile(0.5, [])).toBeNull();
  });

  it('keeps counts that dip by float error monotonic', () => {
    const b = buckets([
      [1, 5],
      [2, 4.9999999],
      [Infinity, 10],
    ]);
    expect(histogramQuantile(0.4, b)).toBeCloseTo(0.8, 6);
  });
});
