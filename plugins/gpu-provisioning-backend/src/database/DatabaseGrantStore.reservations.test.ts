import { ConflictError } from '@backstage/errors';
import { createTestDatabases } from '@ai-platform/test-utils';
import fc from 'fast-check';
import {
  HOUR,
  OTHER,
  TEAM,
  inHours,
  newRequest,
  openGrantStore,
  t0,
} from './__testUtils__/grantStoreFixture';
import { sweepHeld } from './__testUtils__/sweepHeld';

jest.setTimeout(300_000);

const databases = createTestDatabases();
const createStore = (
  databaseId: Parameters<typeof databases.init>[0],
  now?: () => Date,
) => openGrantStore(databases, databaseId, now);

describe('DatabaseGrantStore reservations', () => {
  it.each(databases.eachSupportedId())(
    'books back-to-back windows of the whole quota and refuses an overlapping one by its peak, on %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const book = (startIn: number, count: number, hours = 4) =>
        store.create({
          request: newRequest({
            startAt: inHours(startIn),
            count,
            durationHours: hours,
          }),
          quotaLimit: 8,
        });
      const { request: first } = await book(24, 8);
      expect(first).toMatchObject({
        status: 'approved',
        startAt: inHours(24),
        expiresAt: inHours(28),
      });
      // [28, 32) touches [24, 28) without overlapping it.
      await book(28, 8);
      // Two windows of 3 overlapping a third of 3: the peak is 6, not 9.
      await book(40, 3);
      await book(42, 3);
      await book(44, 2, 1);
      const overlapping = book(43, 3);
      await expect(overlapping).rejects.toThrow(ConflictError);
      await expect(overlapping).rejects.toThrow(
        `Quota exceeded for h100 in ${TEAM} from ${inHours(43)} to ${inHours(
          47,
        )}: requested 3, 2 of 8 GPUs free at the busiest time`,
      );
      await expect(book(26, 1)).rejects.toThrow('0 of 8 GPUs free');
      const ledger = await knex('gpu_quota_usage')
        .where({ team: TEAM })
        .first();
      expect([Number(ledger.reserved), Number(ledger.scheduled)]).toEqual([
        0, 5,
      ]);

      // Given back, the window is free again.
      await store.transition(first.id, ['approved'], 'released');
      await expect(book(24, 8)).resolves.toMatchObject({ created: true });
    },
  );

  it.each(databases.eachSupportedId())(
    "keeps the cluster's capacity across teams and books an immediate request beside reservations, on %p",
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.create({
        request: newRequest({ startAt: inHours(10), count: 6 }),
        quotaLimit: 8,
        capacity: 10,
      });
      await expect(
        store.create({
          request: newRequest({ team: OTHER, startAt: inHours(12), count: 6 }),
          quotaLimit: 8,
          capacity: 10,
        }),
      ).rejects.toThrow(
        'Capacity exceeded for h100 on gpu-prod from 2025-06-02T00:00:00.000Z to 2025-06-02T04:00:00.000Z: requested 6, 4 of 10 GPUs free',
      );

      // Two hours now end before the reservation starts: the whole quota.
      const { request: now } = await store.create({
        request: newRequest({ count: 8, durationHours: 2 }),
        quotaLimit: 8,
      });
      expect(now.expiresAt).toBe(inHours(2));
      await store.transition(now.id, ['approved'], 'released');
      // Twelve hours would run into it.
      await expect(
        store.create({
          request: newRequest({ count: 8, durationHours: 12 }),
          quotaLimit: 8,
        }),
      ).rejects.toThrow('2 of 8 GPUs free at the busiest time');
      // Waiting for an approver, it may start any time: it must fit beside every reservation.
      await expect(
        store.create({
          request: newRequest({ count: 3, status: 'pending-approval' }),
          quotaLimit: 8,
        }),
      ).rejects.toThrow(ConflictError);
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves a reservation out of the due requests until it starts, and refuses an extension into one, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const { request: later } = await store.create({
        request: newRequest({ startAt: inHours(4), count: 4 }),
        quotaLimit: 8,
      });
      const { request: now } = await store.create({
        request: newRequest({ count: 4 }),
        quotaLimit: 8,
      });
      const due = async (at: number) =>
        (
          await store.listByStatus(['approved'], {
            dueBefore: new Date(inHours(at)),
          })
        ).map(r => r.id);
      expect(await due(3)).toEqual([now.id]);
      await expect(store.usage(TEAM)).resolves.toEqual({ h100: 4 });
      expect((await due(4)).sort()).toEqual([later.id, now.id].sort());

      await store.transition(now.id, ['approved'], 'active', {
        activeSince: inHours(0),
        expiresAt: inHours(4),
      });
      await expect(
        store.extend({
          id: now.id,
          additionalHours: 1,
          maxDurationHours: 72,
          hourlyRate: 4.5,
          quotaLimit: 6,
        }),
      ).rejects.toThrow(
        `team ${TEAM}'s h100 quota is booked from ${inHours(
          4,
        )} by 1 reservation (4 of 6 held then by others, the grant needs 4)`,
      );
      await expect(
        store.extend({
          id: now.id,
          additionalHours: 1,
          maxDurationHours: 72,
          hourlyRate: 4.5,
          quotaLimit: 8,
        }),
      ).resolves.toMatchObject({ expiresAt: inHours(5) });
    },
  );

  it.each(databases.eachSupportedId())(
    'counts a reserved window in the quota used while it is open, on %p',
    async databaseId => {
      let clock = t0;
      const { store } = await createStore(databaseId, () => clock);
      await store.create({
        request: newRequest({
          startAt: inHours(1),
          durationHours: 2,
          count: 3,
        }),
        quotaLimit: 8,
      });
      await store.create({ request: newRequest({ count: 2 }), quotaLimit: 8 });
      await expect(store.usage(TEAM)).resolves.toEqual({ h100: 2 });
      clock = new Date(inHours(1));
      await expect(store.usage(TEAM)).resolves.toEqual({ h100: 5 });
      clock = new Date(inHours(3));
      await expect(store.usage(TEAM)).resolves.toEqual({ h100: 2 });
    },
  );

  it.each(databases.eachSupportedId())(
    'decides concurrent overlapping bookings of two teams one after the other, on %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const results = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          store.create({
            request: newRequest({
              team: i % 2 ? TEAM : OTHER,
              startAt: inHours(1 + (i % 5)),
              durationHours: 3,
              count: 1 + (i % 3),
            }),
            quotaLimit: 6,
            capacity: 10,
          }),
        ),
      );
      const granted = results.filter(r => r.status === 'fulfilled');
      const refused = results.filter(
        (r): r is PromiseRejectedResult => r.status === 'rejected',
      );
      expect(granted.length).toBeGreaterThan(0);
      for (const r of refused) expect(r.reason).toBeInstanceOf(ConflictError);
      const { teams, clusters } = await sweepHeld(knex, t0.getTime());
      expect(Math.max(...teams.values())).toBeLessThanOrEqual(6);
      expect(Math.max(...clusters.values())).toBeLessThanOrEqual(10);
      // Refusals were needed: everything asked for would be 80 GPUs at once.
      expect(Math.max(...clusters.values())).toBeGreaterThanOrEqual(6);
    },
  );

  it.each(databases.eachSupportedId())(
    'never lets random overlapping reservations exceed quota or capacity at any instant, and never refuses one that fits, on %p',
    async databaseId => {
      expect(await checkRandomSequences(databaseId, { immediate: false })).toBe(
        60,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'never lets random reservations and immediate requests exceed a quota, or the capacity while a reservation is held, and never refuses one that fits, on %p',
    async databaseId => {
      expect(await checkRandomSequences(databaseId, { immediate: true })).toBe(
        60,
      );
    },
  );
});

/**
 * Whether a request fits, from the stored rows alone, by the rules the
 * store promises: a reservation fits when the peaks of the team's and the
 * cluster's overlapping intervals leave room; an immediate one when the
 * team's immediate requests leave room and its interval (to its end, or for
 * ever while it waits for an approver) fits beside the team's reservations,
 * if it has any, and, if any team has booked the cluster, in its capacity.
 */
async function expectedToFit(
  knex: Parameters<typeof sweepHeld>[0],
  op:
    | {
        kind: 'book';
        team: string;
        startIn: number;
        hours: number;
        count: number;
      }
    | {
        kind: 'now';
        team: string;
        hours: number;
        count: number;
        pending: boolean;
      },
  limits: { limit: number; capacity: number },
): Promise<boolean> {
  const rows = await knex('gpu_requests')
    .whereIn('status', [
      'pending-approval',
      'approved',
      'provisioning',
      'active',
    ])
    .select('team', 'start_at', 'expires_at', 'gpu_count');
  const held = rows.map(row => ({
    team: row.team as string,
    start: row.start_at ? new Date(row.start_at).getTime() : -Infinity,
    end: row.expires_at ? new Date(row.expires_at).getTime() : Infinity,
    count: Number(row.gpu_count),
    scheduled: Boolean(row.start_at),
  }));
  const start = t0.getTime() + (op.kind === 'book' ? op.startIn * HOUR : 0);
  const end =
    op.kind === 'now' && op.pending ? Infinity : start + op.hours * HOUR;
  const peakOf = (of: typeof held) => {
    let peak = 0;
    for (const t of [start, ...of.map(h => h.start)]) {
      if (t < start || t >= end) continue;
      const at = of
        .filter(h => h.start <= t && t < h.end)
        .reduce((sum, h) => sum + h.count, 0);
      peak = Math.max(peak, at);
    }
    return peak;
  };
  const ofTeam = held.filter(h => h.team === op.team);
  if (op.kind === 'book') {
    return (
      peakOf(ofTeam) + op.count <= limits.limit &&
      peakOf(held) + op.count <= limits.capacity
    );
  }
  const immediate = ofTeam
    .filter(h => !h.scheduled)
    .reduce((sum, h) => sum + h.count, 0);
  if (immediate + op.count > limits.limit) return false;
  return (
    (!ofTeam.some(h => h.scheduled) ||
      peakOf(ofTeam) + op.count <= limits.limit) &&
    (!held.some(h => h.scheduled) || peakOf(held) + op.count <= limits.capacity)
  );
}

/** Random sequences of bookings, immediate requests and releases, swept after each step; returns the runs. */
async function checkRandomSequences(
  databaseId: Parameters<typeof databases.init>[0],
  options: { immediate: boolean },
): Promise<number> {
  const { knex, store } = await createStore(databaseId);
  const LIMIT = 6;
  const CAPACITY = 9;
  const book = fc.record({
    kind: fc.constant('book' as const),
    team: fc.constantFrom(TEAM, OTHER),
    startIn: fc.integer({ min: 1, max: 48 }),
    hours: fc.integer({ min: 1, max: 12 }),
    count: fc.integer({ min: 1, max: 5 }),
  });
  const now = fc.record({
    kind: fc.constant('now' as const),
    team: fc.constantFrom(TEAM, OTHER),
    hours: fc.integer({ min: 1, max: 24 }),
    count: fc.integer({ min: 1, max: 4 }),
    pending: fc.boolean(),
  });
  const release = fc.record({
    kind: fc.constant('release' as const),
    pick: fc.nat(),
  });
  const operation = options.immediate
    ? fc.oneof(book, now, release)
    : fc.oneof(book, release);
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(operation, { minLength: 1, maxLength: 14 }),
      async operations => {
        runs++;
        await knex('gpu_requests').delete();
        await knex('gpu_quota_usage').delete();
        await knex('gpu_capacity_bookings').delete();
        const ids: string[] = [];
        for (const op of operations) {
          if (op.kind === 'release') {
            if (ids.length === 0) continue;
            const id = ids[op.pick % ids.length];
            await store.transition(
              id,
              ['approved', 'pending-approval'],
              'released',
            );
            continue;
          }
          const expected = await expectedToFit(knex, op, {
            limit: LIMIT,
            capacity: CAPACITY,
          });
          const attempt = store.create({
            request: newRequest({
              team: op.team,
              count: op.count,
              durationHours: op.hours,
              ...(op.kind === 'book' ? { startAt: inHours(op.startIn) } : {}),
              ...(op.kind === 'now' && op.pending
                ? { status: 'pending-approval' as const }
                : {}),
            }),
            quotaLimit: LIMIT,
            capacity: CAPACITY,
          });
          if (expected) {
            ids.push((await attempt).request.id);
          } else {
            await expect(attempt).rejects.toThrow(ConflictError);
          }
          const { teams, clusters, booked } = await sweepHeld(
            knex,
            t0.getTime(),
          );
          for (const peak of teams.values()) {
            expect(peak).toBeLessThanOrEqual(LIMIT);
          }
          // Immediate requests alone may go past capacity (the cluster's
          // scheduler admits their pods), never while a reservation is held.
          for (const peak of (options.immediate ? booked : clusters).values()) {
            expect(peak).toBeLessThanOrEqual(CAPACITY);
          }
        }
      },
    ),
    { numRuns: 60 },
  );
  return runs;
}
