import { cohortRoom } from './clusterQueueFlavors';
import { clusterQueue } from './__testUtils__/clusterQueueObject';

const room = (
  own: ReturnType<typeof clusterQueue>,
  others: ReturnType<typeof clusterQueue>[] = [],
) =>
  cohortRoom({
    clusterQueue: own,
    clusterQueues: [own, ...others],
    flavor: 'h100',
    resource: 'nvidia.com/gpu',
  });

describe('cohortRoom', () => {
  it('counts a lender’s own unused quota in full only when it may reclaim it', () => {
    // vision borrows 2 of conversational-ai's 4; assistant-evals lends nothing.
    const vision = clusterQueue(
      'vision',
      { nominal: 2, borrowingLimit: 2 },
      { total: 4, borrowed: 2 },
    );
    const evals = clusterQueue(
      'assistant-evals',
      { nominal: 2, borrowingLimit: 2, lendingLimit: 0 },
      { total: 0 },
    );
    const lender = (reclaim: string) =>
      clusterQueue(
        'conversational-ai',
        { nominal: 4, borrowingLimit: 2 },
        { total: 0 },
        { reclaim },
      );
    for (const [reclaim, freeNow] of [
      ['Never', 2],
      ['Any', 4],
    ] as const) {
      expect(room(lender(reclaim), [vision, evals])).toEqual({
        freeNow,
        most: 6,
      });
    }
    // assistant-evals keeps its own 2 whatever the others do.
    expect(room(evals, [vision, lender('Never')])).toEqual({
      freeNow: 2 + 2,
      most: 4,
    });
    expect(room(vision, [evals, lender('Never')])).toEqual({
      freeNow: 0,
      most: 4,
    });
  });

  it('is the unused nominal quota outside a cohort', () => {
    expect(
      room(
        clusterQueue('vision', { nominal: 4 }, { total: 3 }, { cohort: '' }),
      ),
    ).toEqual({ freeNow: 1, most: 4 });
  });

  it('adds what the queue may borrow from idle members, within its borrowing limit', () => {
    const full = (borrowingLimit?: number) =>
      clusterQueue('vision', { nominal: 4, borrowingLimit }, { total: 4 });
    const idle = clusterQueue('nlp', { nominal: 8 }, { total: 2 });
    expect(room(full(2), [idle])).toEqual({ freeNow: 2, most: 6 });
    expect(room(full(), [idle])).toEqual({ freeNow: 6 });
    expect(room(full(0), [idle])).toEqual({ freeNow: 0, most: 4 });
  });

  it('counts a member’s lending limit and what others already borrow', () => {
    const own = clusterQueue('vision', { nominal: 4 }, { total: 3 });
    // Keeps 5 of its 8 for itself: only 3 are lendable.
    const lender = clusterQueue(
      'nlp',
      { nominal: 8, lendingLimit: 3 },
      { total: 2 },
    );
    expect(room(own, [lender])).toEqual({ freeNow: 1 + 3 });
    // speech already borrows 2 of those 3.
    const borrower = clusterQueue(
      'speech',
      { nominal: 2 },
      { total: 4, borrowed: 2 },
    );
    expect(room(own, [lender, borrower])).toEqual({ freeNow: 1 + 1 });
  });

  it('ignores queues of other cohorts and flavors the queue lacks', () => {
    const own = clusterQueue('vision', { nominal: 4 }, { total: 4 });
    const elsewhere = clusterQueue(
      'nlp',
      { nominal: 8 },
      { total: 0 },
      { cohort: 'other-department' },
    );
    expect(room(own, [elsewhere])).toEqual({ freeNow: 0 });
    expect(
      cohortRoom({
        clusterQueue: own,
        clusterQueues: [own],
        flavor: 'a100',
        resource: 'nvidia.com/gpu',
      }),
    ).toEqual({ freeNow: 0, most: 0 });
  });
});
