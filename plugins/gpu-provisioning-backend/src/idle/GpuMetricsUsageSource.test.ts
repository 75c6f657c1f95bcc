import { windowSince } from './GpuMetricsUsageSource';

const now = new Date('2026-12-04T12:00:00.000Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

describe('windowSince', () => {
  it.each([
    [0.5, '1h'],
    [1, '1h'],
    [5, '6h'],
    [23.9, '24h'],
    [30, '7d'],
    [24 * 8, '30d'],
    [24 * 60, '30d'],
  ])('reads a grant active %p hours with the %s window', (hours, window) => {
    expect(windowSince(hoursAgo(hours), now).window).toBe(window);
  });
});
