import { stepSeconds, windowRange } from './windows';

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
