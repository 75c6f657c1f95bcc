import { WorkloadProfile } from '../topology/types';
import { loadCurve } from './loadCurve';
import { SAMPLE_PERIOD_MS } from './seededNoise';

const DAY = 86_400_000;
const start = Date.parse('2026-03-09T00:00:00Z'); // a Monday

/** Midpoint-rule integral over 30 s steps. */
function numeric(
  level: (t: number) => number,
  t0: number,
  t1: number,
  square = false,
) {
  let sum = 0;
  for (let t = t0; t < t1; t += SAMPLE_PERIOD_MS) {
    const v = level(t + SAMPLE_PERIOD_MS / 2);
    sum += (square ? v * v : v) * SAMPLE_PERIOD_MS;
  }
  return sum;
}

describe('loadCurve', () => {
  it.each<WorkloadProfile>(['training', 'inference', 'notebook', 'idle'])(
    '%s integrals match a numeric integration over a week',
    profile => {
      const curve = loadCurve(profile, 12345);
      const t0 = start + 7 * 60_000;
      const t1 = t0 + 7 * DAY;
      const expected = numeric(curve.level, t0, t1);
      const expectedSquare = numeric(curve.level, t0, t1, true);
      const tolerance = 1e-4 * DAY * 7 + 1;
      expect(Math.abs(curve.integral(t0, t1) - expected)).toBeLessThan(
        tolerance,
      );
      expect(
        Math.abs(curve.integralOfSquare(t0, t1) - expectedSquare),
      ).toBeLessThan(tolerance);
    },
  );

  it.each<WorkloadProfile>(['training', 'inference', 'notebook'])(
    '%s integrals stay exact and cheap years after the epoch',
    profile => {
      const curve = loadCurve(profile, 99);
      const far = Date.parse('2040-01-01T00:00:00Z');
      const began = performance.now();
      const whole = curve.integral(start, far);
      const split =
        curve.integral(start, far - DAY) + curve.integral(far - DAY, far);
      expect(performance.now() - began).toBeLessThan(50);
      expect(Math.abs(whole - split) / whole).toBeLessThan(1e-9);
    },
  );

  it('inference peaks in the afternoon and bottoms out at night (UTC)', () => {
    const curve = loadCurve('inference', 7);
    const at = (hour: number) => curve.level(start + hour * 3_600_000);
    expect(at(14)).toBeGreaterThan(0.6);
    expect(at(2)).toBeLessThan(0.15);
    expect(at(14) / at(2)).toBeGreaterThan(4);
  });

  it('notebook bursts only on weekday working hours', () => {
    const curve = loadCurve('notebook', 3);
    const saturday = Date.parse('2026-03-14T00:00:00Z');
    for (let t = saturday; t < saturday + DAY; t += SAMPLE_PERIOD_MS) {
      expect(curve.level(t)).toBeLessThan(0.02);
    }
    const burstHours = new Set<number>();
    for (let t = start; t < start + 5 * DAY; t += SAMPLE_PERIOD_MS) {
      if (curve.level(t) > 0.3) {
        burstHours.add(new Date(t).getUTCHours());
      }
    }
    expect(burstHours.size).toBeGreaterThan(0);
    expect([...burstHours].filter(h => h < 8 || h >= 18)).toEqual([]);
  });
});
