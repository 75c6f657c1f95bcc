import { GpuDailyRow, ServingSplitRow } from '../database/types';
import { reallocateServingCost } from './reallocateServingCost';

const grant = (id: string, cost: bigint, hours: number): GpuDailyRow => ({
  day: '2026-12-03',
  cluster: 'gpu-prod',
  entityRef: 'component:default/shared-llm-inference',
  team: 'group:default/ml-platform',
  gpuClass: 'h100',
  grantId: id,
  gpuHoursAllocated: hours,
  gpuHoursUsed: hours,
  hourlyRateNanos: 4_500_000_000n,
  allocatedCostNanos: cost,
  usedCostNanos: cost,
  currency: 'USD',
});

const split = (
  team: string,
  cost: bigint,
  server: bigint,
): ServingSplitRow => ({
  day: '2026-12-03',
  cluster: 'gpu-prod',
  namespace: 'ml-platform',
  serverAddress: 'shared-llm-inference.ml-platform.svc',
  serverEntityRef: 'component:default/shared-llm-inference',
  serverOwner: 'group:default/ml-platform',
  consumerTeam: team,
  inputTokens: 1n,
  outputTokens: 1n,
  costNanos: cost,
  serverCostNanos: server,
  currency: 'USD',
  splitMethod: 'tokens',
});

describe('reallocateServingCost', () => {
  it('takes the serving cost out of the owner’s grants in proportion, to the nano-unit', () => {
    const rows = reallocateServingCost(
      [grant('a', 300_000_000_000n, 66), grant('b', 100_000_000_000n, 22)],
      [split('group:default/x', 100_000_000_001n, 100_000_000_001n)],
    );
    expect(rows.map(r => [r.grantId, r.allocatedCostNanos])).toEqual([
      ['a', 224_999_999_999n],
      ['b', 75_000_000_000n],
    ]);
    expect(rows[1].gpuHoursAllocated).toBeCloseTo(16.5, 9);
  });

  it('takes no more than the grants hold; serving outside grants is only in the splits', () => {
    const rows = reallocateServingCost(
      [grant('a', 200_000_000_000n, 44)],
      [split('group:default/x', 432_000_000_000n, 432_000_000_000n)],
    );
    expect(rows).toEqual([]);
  });

  it('leaves other entities’ and other days’ grants alone', () => {
    const other = {
      ...grant('c', 5n, 1),
      entityRef: 'component:default/other',
    };
    const otherDay = { ...grant('d', 5n, 1), day: '2026-12-02' };
    expect(
      reallocateServingCost([other, otherDay], [split('t', 5n, 5n)]),
    ).toEqual([other, otherDay]);
  });
});
