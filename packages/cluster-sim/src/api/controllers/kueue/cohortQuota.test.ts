import {
  Holder,
  QueueQuotas,
  ResourceQuota,
  Usage,
  addUsage,
  assignFlavors,
  reclaimPlan,
} from './cohortQuota';

const GPU = 'nvidia.com/gpu';

function queue(
  name: string,
  quota: ResourceQuota,
  options: Partial<QueueQuotas> = {},
): QueueQuotas {
  return {
    name,
    cohort: 'research',
    groups: [
      {
        covered: [GPU],
        flavors: [{ name: 'h100', resources: { [GPU]: quota } }],
      },
    ],
    reclaimWithinCohort: 'Any',
    ...options,
  };
}

function holding(
  key: string,
  queueName: string,
  amount: number,
  admittedAt: number,
  priority = 0,
): Holder {
  return {
    key,
    queue: queueName,
    priority,
    admittedAt,
    usage: [{ flavor: 'h100', resource: GPU, amount }],
  };
}

function usageOf(...holders: Holder[]): Usage {
  const usage: Usage = new Map();
  for (const h of holders) addUsage(usage, h);
  return usage;
}

describe('assignFlavors', () => {
  it('skips flavors the pods may not run on, and takes them back only there', () => {
    const twoFlavors = (name: string, nominal: number): QueueQuotas => ({
      ...queue(name, { nominal }),
      groups: [
        {
          covered: [GPU],
          flavors: [
            { name: 'h100', resources: { [GPU]: { nominal } } },
            { name: 'a100', resources: { [GPU]: { nominal: 8 } } },
          ],
        },
      ],
    });
    const owner = twoFlavors('owner', 4);
    const borrower = twoFlavors('borrower', 0);
    const queues = [owner, borrower];
    const borrowed = holding('ns/b', 'borrower', 4, 1);
    const usage = usageOf(borrowed);
    // Without a selector the a100 flavor takes the request.
    expect(assignFlavors(owner, { [GPU]: 4 }, usage, queues)).toMatchObject({
      fits: true,
      flavors: { [GPU]: 'a100' },
    });
    const h100Only = (flavor: string) => flavor === 'h100';
    expect(assignFlavors(owner, { [GPU]: 4 }, usage, queues, h100Only)).toEqual(
      {
        fits: false,
        message:
          'insufficient unused quota for nvidia.com/gpu in flavor h100, 4 more needed',
      },
    );
    expect(
      reclaimPlan(owner, { [GPU]: 4 }, 0, usage, queues, [borrowed], h100Only),
    ).toEqual([borrowed]);
    expect(
      assignFlavors(owner, { [GPU]: 1 }, usage, queues, () => false),
    ).toEqual({
      fits: false,
      message: "flavor h100, a100 doesn't match node affinity",
    });
  });

  it('admits up to the nominal quota without a cohort, and says how much is missing', () => {
    const a = queue('a', { nominal: 4 }, { cohort: undefined });
    expect(assignFlavors(a, { [GPU]: 4 }, usageOf(), [a])).toEqual({
      fits: true,
      flavors: { [GPU]: 'h100' },
      borrows: false,
    });
    const busy = usageOf(holding('w1', 'a', 3, 1));
    expect(assignFlavors(a, { [GPU]: 2 }, busy, [a])).toEqual({
      fits: false,
      message: `insufficient unused quota for ${GPU} in flavor h100, 1 more needed`,
    });
  });

  it("borrows a cohort member's idle quota", () => {
    const a = queue('a', { nominal: 4 });
    const b = queue('b', { nominal: 4 });
    expect(assignFlavors(a, { [GPU]: 7 }, usageOf(), [a, b])).toMatchObject({
      fits: true,
      borrows: true,
    });
    // What b uses is not there to borrow.
    const busy = usageOf(holding('w1', 'b', 2, 1));
    expect(assignFlavors(a, { [GPU]: 7 }, busy, [a, b])).toMatchObject({
      fits: false,
      message: `insufficient unused quota for ${GPU} in flavor h100, 1 more needed`,
    });
  });

  it('stops at the borrowing limit', () => {
    const a = queue('a', { nominal: 4, borrowingLimit: 1 });
    const b = queue('b', { nominal: 4 });
    expect(assignFlavors(a, { [GPU]: 5 }, usageOf(), [a, b]).fits).toBe(true);
    expect(assignFlavors(a, { [GPU]: 6 }, usageOf(), [a, b])).toEqual({
      fits: false,
      message: `insufficient unused quota for ${GPU} in flavor h100, 1 more needed`,
    });
  });

  it('lends no more than the lending limit, and keeps the rest for its own queue', () => {
    const a = queue('a', { nominal: 4 });
    const b = queue('b', { nominal: 4, lendingLimit: 1 });
    expect(assignFlavors(a, { [GPU]: 5 }, usageOf(), [a, b]).fits).toBe(true);
    expect(assignFlavors(a, { [GPU]: 6 }, usageOf(), [a, b]).fits).toBe(false);
    // a borrowed b's lendable GPU; b still gets the 3 it keeps back.
    const borrowed = usageOf(holding('w1', 'a', 5, 1));
    expect(assignFlavors(b, { [GPU]: 3 }, borrowed, [a, b]).fits).toBe(true);
    expect(assignFlavors(b, { [GPU]: 4 }, borrowed, [a, b]).fits).toBe(false);
  });

  it('falls through to the next flavor, and refuses resources the queue does not cover', () => {
    const a: QueueQuotas = {
      name: 'a',
      groups: [
        {
          covered: [GPU],
          flavors: [
            { name: 'h100', resources: { [GPU]: { nominal: 2 } } },
            { name: 'a100', resources: { [GPU]: { nominal: 8 } } },
          ],
        },
      ],
      reclaimWithinCohort: 'Never',
    };
    expect(assignFlavors(a, { [GPU]: 4 }, usageOf(), [a])).toEqual({
      fits: true,
      flavors: { [GPU]: 'a100' },
      borrows: false,
    });
    expect(assignFlavors(a, { [GPU]: 1, cpu: 2 }, usageOf(), [a])).toEqual({
      fits: false,
      message: 'resource cpu unavailable in ClusterQueue',
    });
  });
});

describe('reclaimPlan', () => {
  const a = queue('a', { nominal: 4 });
  const b = queue('b', { nominal: 4 });
  const older = holding('a/older', 'a', 4, 1);
  const newer = holding('a/newer', 'a', 2, 2);

  it('preempts the newest borrowing workloads until the owner fits in its nominal quota', () => {
    const usage = usageOf(older, newer);
    expect(assignFlavors(b, { [GPU]: 3 }, usage, [a, b]).fits).toBe(false);
    expect(
      reclaimPlan(b, { [GPU]: 3 }, 0, usage, [a, b], [older, newer])?.map(
        h => h.key,
      ),
    ).toEqual(['a/newer']);
  });

  it('takes lower priority first', () => {
    const low = holding('a/low', 'a', 4, 1, -1);
    const usage = usageOf(low, newer);
    expect(
      reclaimPlan(b, { [GPU]: 3 }, 0, usage, [a, b], [low, newer])?.map(
        h => h.key,
      ),
    ).toEqual(['a/low']);
  });

  it('never preempts a queue within its own nominal quota, nor beyond the asker’s', () => {
    const usage = usageOf(older, newer);
    // Above b's nominal quota: b would be borrowing itself.
    expect(
      reclaimPlan(b, { [GPU]: 5 }, 0, usage, [a, b], [older, newer]),
    ).toBeUndefined();
    // a at its nominal quota lends nothing back.
    const atNominal = usageOf(older);
    const c = queue('c', { nominal: 0 });
    expect(
      reclaimPlan(b, { [GPU]: 1 }, 0, atNominal, [a, b, c], [older]),
    ).toBeUndefined();
  });

  it('does nothing when reclaiming is off, or only for lower priority', () => {
    const usage = usageOf(older, newer);
    const never = { ...b, reclaimWithinCohort: 'Never' as const };
    expect(
      reclaimPlan(never, { [GPU]: 3 }, 0, usage, [a, never], [older, newer]),
    ).toBeUndefined();
    const lower = { ...b, reclaimWithinCohort: 'LowerPriority' as const };
    expect(
      reclaimPlan(lower, { [GPU]: 3 }, 0, usage, [a, lower], [older, newer]),
    ).toBeUndefined();
    expect(
      reclaimPlan(lower, { [GPU]: 3 }, 1, usage, [a, lower], [older, newer]),
    ).toHaveLength(1);
  });
});
