import fc from 'fast-check';
import { GpuDailyRow } from '../database/types';
import { sumIdleWaste } from './sumIdleWaste';

const DAYS = ['2025-06-01', '2025-06-02', '2025-06-03'];

const nanos = fc.bigInt({ min: 0n, max: 10n ** 15n });

const rows = fc.array(
  fc
    .record({
      day: fc.constantFrom(...DAYS),
      entityRef: fc.constantFrom(null, 'component:default/a'),
      team: fc.constantFrom('group:default/x', 'group:default/y'),
      gpuClass: fc.constantFrom('h100', 'h100/1g.10gb'),
      allocated: nanos,
      usedShare: fc.integer({ min: 0, max: 10_000 }),
      gpuHoursAllocated: fc.double({ min: 0, max: 24, noNaN: true }),
    })
    .map(
      (r): GpuDailyRow => ({
        day: r.day,
        cluster: 'gpu-prod',
        entityRef: r.entityRef,
        team: r.team,
        gpuClass: r.gpuClass,
        grantId: 'grant',
        gpuHoursAllocated: r.gpuHoursAllocated,
        gpuHoursUsed: 0,
        hourlyRateNanos: 1n,
        allocatedCostNanos: r.allocated,
        usedCostNanos: (r.allocated * BigInt(r.usedShare)) / 10_000n,
        currency: 'USD',
      }),
    ),
  { maxLength: 80 },
);

describe('sumIdleWaste', () => {
  it('gives totals equal to the sum of the items and of the days, to the nano-unit', () => {
    fc.assert(
      fc.property(rows, input => {
        const { items, total, idlePerDay } = sumIdleWaste(input, DAYS);
        const over = (f: (r: GpuDailyRow) => bigint) =>
          input.reduce((s, r) => s + f(r), 0n);
        expect(total).toEqual({
          allocated: over(r => r.allocatedCostNanos),
          used: over(r => r.usedCostNanos),
          idle: over(r => r.allocatedCostNanos - r.usedCostNanos),
        });
        for (const key of ['allocated', 'used', 'idle'] as const) {
          expect(items.reduce((s, i) => s + i.nanos[key], 0n)).toBe(total[key]);
        }
        expect([...idlePerDay.keys()]).toEqual(DAYS);
        expect([...idlePerDay.values()].reduce((s, v) => s + v, 0n)).toBe(
          total.idle,
        );
        for (const i of items) {
          expect(i.nanos.idle).toBe(i.nanos.allocated - i.nanos.used);
        }
      }),
    );
  });

  it('groups by entity (unallocated when none), team and GPU class', () => {
    const row = (entityRef: string | null, allocated: bigint): GpuDailyRow => ({
      day: DAYS[0],
      cluster: 'gpu-prod',
      entityRef,
      team: 'group:default/x',
      gpuClass: 'h100',
      grantId: 'grant',
      gpuHoursAllocated: 1,
      gpuHoursUsed: 0.5,
      hourlyRateNanos: allocated,
      allocatedCostNanos: allocated,
      usedCostNanos: allocated / 2n,
      currency: 'USD',
    });
    const { items } = sumIdleWaste(
      [row(null, 3n), row(null, 5n), row('component:default/a', 7n)],
      DAYS,
    );
    expect(items.map(i => [i.entityRef, i.nanos.allocated])).toEqual([
      ['unallocated', 8n],
      ['component:default/a', 7n],
    ]);
  });
});
