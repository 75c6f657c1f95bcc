import { clusterQueue } from './__testUtils__/clusterQueueObject';
import { quotaSharingOf } from './quotaSharingOf';

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
});
