import { KubernetesObject } from '@kubernetes/client-node';
import { ConfigReader } from '@backstage/config';
import { readKueueCohorts } from '../config/kueueCohortConfig';
import { testProvisioningConfig } from '../kubernetes/__testUtils__/testProvisioningConfig';
import { clusterQueue } from './__testUtils__/clusterQueueObject';
import { quotaSharingOf } from './quotaSharingOf';
import { teamClusterQueue } from './teamClusterQueue';

/**
 * The portal's own ClusterQueue of a team (whole GPUs and every MIG
 * resource in each class's flavor), with Kueue's status of the H100
 * flavor: `used` per resource, `borrowed` likewise.
 */
function portalQueue(
  team: string,
  quota: Record<string, number>,
  used: Record<string, number>,
  borrowed: Record<string, number> = {},
): KubernetesObject {
  const config = testProvisioningConfig({
    policy: {
      defaultQuota: { h100: 0, a100: 0, l40s: 0 },
      teamQuotas: [{ team: `group:default/${team}`, quota }],
    },
  });
  const [cohort] = readKueueCohorts(
    new ConfigReader({
      cohorts: [
        {
          department: 'group:default/ai-division',
          borrowingLimit: { 'h100/1g.10gb': 2 },
        },
      ],
    }),
    ['h100', 'h100/1g.10gb', 'h100/2g.20gb', 'h100/3g.40gb', 'a100', 'l40s'],
  );
  const queue = teamClusterQueue(
    {
      team: `group:default/${team}`,
      teamName: team,
      cohort: 'ai-division',
      config: cohort,
    },
    config,
  ) as KubernetesObject & { status?: object };
  const resources = Object.keys(used).map(name => ({
    name,
    total: String(used[name]),
    borrowed: String(borrowed[name] ?? 0),
  }));
  const usage = [{ name: 'h100', resources }];
  queue.status = { flavorsReservation: usage, flavorsUsage: usage };
  return queue;
}

describe('quotaSharingOf', () => {
  it('attributes borrowed GPUs to the members with the most unused lendable quota, honouring lending limits', () => {
    const queues = [
      clusterQueue('vision', { nominal: 2 }, { total: 6, borrowed: 4 }),
      clusterQueue('nlp', { nominal: 4 }, { total: 1 }),
      // Keeps 6 of its 8 and uses 5 of those: its 2 lendable GPUs are unused.
      clusterQueue('speech', { nominal: 8, lendingLimit: 2 }, { total: 5 }),
      clusterQueue(
        'elsewhere',
        { nominal: 8 },
        { total: 0 },
        { cohort: 'other' },
      ),
    ];
    const sharing = quotaSharingOf({
      cluster: 'gpu-prod',
      clusterQueue: 'vision',
      clusterQueues: queues,
      classOfFlavor: { h100: 'h100' },
    })!;
    const [h100] = sharing.classes;
    expect(h100.members.map(m => m.clusterQueue)).toEqual([
      'vision',
      'nlp',
      'speech',
    ]);
    // nlp has the most unused lendable GPUs (3), then speech (2).
    expect(h100.loans).toEqual([
      {
        fromClusterQueue: 'nlp',
        toClusterQueue: 'vision',
        gpus: 3,
      },
      {
        fromClusterQueue: 'speech',
        toClusterQueue: 'vision',
        gpus: 1,
      },
    ]);
    expect(h100.members.find(m => m.clusterQueue === 'nlp')).toEqual({
      clusterQueue: 'nlp',
      nominal: 4,
      inUse: 1,
      borrowed: 0,
      lent: 3,
      idle: 0,
    });
    expect(h100.members.find(m => m.clusterQueue === 'speech')).toMatchObject({
      inUse: 5,
      lent: 1,
      idle: 2,
      lendingLimit: 2,
    });
  });

  it('describes a queue without a cohort, and is undefined when the team has no queue', () => {
    const alone = clusterQueue(
      'vision',
      { nominal: 2 },
      { total: 1 },
      { cohort: '', reclaim: 'Never' },
    );
    const sharing = quotaSharingOf({
      cluster: 'gpu-prod',
      clusterQueue: 'vision',
      clusterQueues: [alone],
      classOfFlavor: {},
    })!;
    expect(sharing.cohort).toBeUndefined();
    expect(sharing.reclaim).toBe(
      'This queue is in no cohort: it neither borrows nor lends GPUs.',
    );
    expect(sharing.classes[0]).toMatchObject({
      gpuClass: 'h100',
      members: [{ nominal: 2, inUse: 1, idle: 1, lent: 0 }],
      loans: [],
    });
    expect(
      quotaSharingOf({
        cluster: 'gpu-prod',
        clusterQueue: 'missing',
        clusterQueues: [alone],
        classOfFlavor: {},
      }),
    ).toBeUndefined();
  });

  it.each([
    ['Any', 'preempts the workloads borrowing it at once'],
    ['LowerPriority', 'of lower priority than the one waiting'],
    ['Never', 'never taken back'],
  ])('says what %s reclaiming does to borrowed GPUs', (reclaim, words) => {
    const sharing = quotaSharingOf({
      cluster: 'gpu-prod',
      clusterQueue: 'vision',
      clusterQueues: [
        clusterQueue('vision', { nominal: 2 }, { total: 0 }, { reclaim }),
      ],
      classOfFlavor: {},
    })!;
    expect(sharing.reclaimWithinCohort).toBe(reclaim);
    expect(sharing.reclaim).toContain(words);
  });

  it('shows each MIG profile a member has quota of or uses beside whole GPUs, in instances, with loans between queues', () => {
    const queues = [
      // vision uses 5 1g.10gb instances on a quota of 3: 2 borrowed.
      portalQueue(
        'vision',
        { h100: 1, 'h100/1g.10gb': 3 },
        { 'nvidia.com/gpu': 1, 'nvidia.com/mig-1g.10gb': 5 },
        { 'nvidia.com/mig-1g.10gb': 2 },
      ),
      portalQueue(
        'speech',
        { h100: 2, 'h100/1g.10gb': 4 },
        { 'nvidia.com/mig-1g.10gb': 1 },
      ),
    ];
    const sharing = quotaSharingOf({
      cluster: 'gpu-prod',
      clusterQueue: 'vision',
      clusterQueues: queues,
      classOfFlavor: { h100: 'h100', a100: 'a100', l40s: 'l40s' },
    })!;
    // Whole GPUs of every flavor; of the MIG profiles only 1g.10gb, which
    // someone has quota of (2g.20gb and 3g.40gb are 0 everywhere).
    expect(sharing.classes.map(c => [c.gpuClass, c.migProfile])).toEqual([
      ['h100', undefined],
      ['h100', '1g.10gb'],
      ['a100', undefined],
      ['l40s', undefined],
    ]);
    const [wholeH100, slices] = sharing.classes;
    expect(wholeH100.members.map(m => [m.clusterQueue, m.inUse])).toEqual([
      ['vision', 1],
      ['speech', 0],
    ]);
    expect(slices.members).toEqual([
      {
        clusterQueue: 'vision',
        team: 'group:default/vision',
        nominal: 3,
        inUse: 5,
        borrowed: 2,
        lent: 0,
        idle: 0,
        borrowingLimit: 2,
      },
      {
        clusterQueue: 'speech',
        team: 'group:default/speech',
        nominal: 4,
        inUse: 1,
        borrowed: 0,
        lent: 2,
        idle: 1,
        borrowingLimit: 2,
      },
    ]);
    expect(slices.loans).toEqual([
      {
        fromClusterQueue: 'speech',
        fromTeam: 'group:default/speech',
        toClusterQueue: 'vision',
        toTeam: 'group:default/vision',
        gpus: 2,
      },
    ]);
  });

  it('leaves out resources that count no GPUs, such as CPU in a queue written by hand', () => {
    const queue = clusterQueue('vision', { nominal: 2 }, { total: 0 });
    const spec = (queue as any).spec;
    spec.resourceGroups[0].coveredResources.push('cpu');
    spec.resourceGroups[0].flavors[0].resources.push({
      name: 'cpu',
      nominalQuota: '64',
    });
    const sharing = quotaSharingOf({
      cluster: 'gpu-prod',
      clusterQueue: 'vision',
      clusterQueues: [queue],
      classOfFlavor: {},
    })!;
    expect(sharing.classes.map(c => [c.gpuClass, c.migProfile])).toEqual([
      ['h100', undefined],
    ]);
  });
});
