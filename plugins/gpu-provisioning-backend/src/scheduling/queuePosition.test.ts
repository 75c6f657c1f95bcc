import { placeInQueue, QueuedWork, QueueFacts, timeOf } from './queuePosition';

const NOW = new Date('2026-03-02T09:00:00Z');

function work(
  namespace: string,
  name: string,
  gpus: number,
  extra: Partial<QueuedWork> = {},
): QueuedWork {
  return {
    kind: 'Workload',
    namespace,
    name,
    gpus,
    priority: 0,
    createdAt: Date.parse('2026-03-02T08:00:00Z'),
    ...extra,
  };
}

function facts(overrides: Partial<QueueFacts>): QueueFacts {
  return {
    queue: 'ClusterQueue vision',
    units: 'H100 GPUs',
    noun: 'job',
    waiting: [],
    namespace: 'mine',
    started: 0,
    freeNow: 0,
    now: NOW,
    ...overrides,
  };
}

describe('placeInQueue', () => {
  it('orders by priority, then age, then name, and counts what is ahead of each of the grant’s workloads', () => {
    const minute = 60_000;
    const base = Date.parse('2026-03-02T08:00:00Z');
    const placed = placeInQueue(
      facts({
        waiting: [
          work('mine', 'late', 1, { createdAt: base + 3 * minute }),
          work('other', 'urgent', 4, {
            priority: 100,
            createdAt: base + 5 * minute,
          }),
          work('other', 'old', 2, { createdAt: base }),
          work('mine', 'early', 2, { createdAt: base + minute }),
        ],
        freeNow: 1,
        nextRelease: { at: new Date(NOW.getTime() + 9 * 3_600_000), gpus: 8 },
      }),
    );
    expect(placed).toMatchObject({
      state: 'waiting',
      position: 3,
      ahead: 2,
      aheadGpus: 6,
      waitingGpus: 3,
      freeNow: 1,
      nextRelease: { at: '2026-03-02T18:00:00.000Z', gpus: 8 },
    });
    expect(
      placed.workloads.map(w => [w.name, w.position, w.aheadGpus]),
    ).toEqual([
      ['early', 3, 6],
      ['late', 4, 8],
    ]);
    expect(placed.summary).toBe(
      '2 jobs ahead of your first in ClusterQueue vision, 6 H100 GPUs; the next grant to free 8 H100 GPUs ends in about 9 h.',
    );
    expect(placed.startsWhen).toMatch(
      /^It starts once 7 more H100 GPUs are free in ClusterQueue vision: as jobs already running finish or are released, or when the next grant/,
    );
  });

  it('says when the first in line is covered by what is free', () => {
    const placed = placeInQueue(
      facts({
        waiting: [work('mine', 'run', 2, { message: 'waiting for a pass' })],
        freeNow: 2,
      }),
    );
    expect(placed.summary).toBe(
      'Your job is next in ClusterQueue vision; it asks for 2 H100 GPUs and 2 are free.',
    );
    expect(placed.startsWhen).toContain("scheduler's next pass");
    expect(placed.startsWhen).toContain('waiting for a pass');
  });

  it('says when the first in line asks for more than the queue could ever give', () => {
    const placed = placeInQueue(
      facts({ waiting: [work('mine', 'huge', 64)], freeNow: 2, most: 10 }),
    );
    expect(placed.startsWhen).toBe(
      'It cannot start as it is: it asks for 64 H100 GPUs and ClusterQueue vision can give at most 10. Ask for fewer, or for more quota.',
    );
  });

  it.each([
    [
      2,
      'running',
      'All 2 jobs of this grant started; none waits in ClusterQueue vision.',
    ],
    [
      0,
      'idle',
      'Nothing of this grant waits in ClusterQueue vision: no jobs are queued in its namespace.',
    ],
  ])(
    'with %p started and nothing waiting it is %p',
    (started, state, summary) => {
      const placed = placeInQueue(
        facts({ started, waiting: [work('other', 'theirs', 1)] }),
      );
      expect(placed).toMatchObject({ state, summary, workloads: [] });
      expect(placed.position).toBeUndefined();
    },
  );

  it('reads timestamps as strings or dates', () => {
    expect(timeOf('2026-03-02T09:00:00Z')).toBe(NOW.getTime());
    expect(timeOf(NOW)).toBe(NOW.getTime());
    expect(timeOf(undefined)).toBe(0);
    expect(timeOf('not a time')).toBe(0);
  });
});
