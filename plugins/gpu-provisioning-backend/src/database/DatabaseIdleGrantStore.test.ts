import { ConflictError } from '@backstage/errors';
import { createTestDatabases } from '@ai-platform/test-utils';
import {
  inHours,
  newRequest,
  openGrantStore,
  t0,
  TEAM,
} from './__testUtils__/grantStoreFixture';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe('DatabaseIdleGrantStore', () => {
  it.each(databases.eachSupportedId())(
    'keeps the ledger equal to the grant when two shrinks race, on %p',
    async databaseId => {
      const { store } = await openGrantStore(databases, databaseId);
      const { request } = await store.create({
        request: newRequest(),
        quotaLimit: 8,
      });
      await store.transition(request.id, ['approved'], 'active', {
        activeSince: t0.toISOString(),
        expiresAt: inHours(4),
      });
      const idle = store.idleGrants();
      const results = await Promise.allSettled([
        idle.shrink({ id: request.id, count: 3, hourlyRate: 4.5 }),
        idle.shrink({ id: request.id, count: 1, hourlyRate: 4.5 }),
      ]);
      const final = (await store.get(request.id))!;
      // Both apply in turn (4 → 3 → 1), or 1 comes first and 3 is refused.
      expect(final.count).toBe(1);
      const refusals = results.flatMap(r =>
        r.status === 'rejected' ? [r.reason] : [],
      );
      expect(refusals.every(e => e instanceof ConflictError)).toBe(true);
      expect(refusals.length).toBeLessThanOrEqual(1);
      expect(await store.usage(TEAM)).toEqual({ h100: final.count });
      expect(final.gpuHours).toBe(final.count * 4);
      expect(final.estimatedCost).toBe(final.count * 4 * 4.5);
    },
  );

  it.each(databases.eachSupportedId())(
    'shrinks a reserved window by its interval, leaving the booking count, on %p',
    async databaseId => {
      const { store, knex } = await openGrantStore(databases, databaseId);
      const { request } = await store.create({
        request: newRequest({ startAt: inHours(1) }),
        quotaLimit: 8,
        capacity: 8,
      });
      await store.transition(request.id, ['approved'], 'active', {
        activeSince: inHours(1),
      });
      await store.idleGrants().shrink({
        id: request.id,
        count: 1,
        hourlyRate: 4.5,
      });
      const held = await store.heldIntervals({
        quotaKey: 'h100',
        from: t0.getTime(),
        to: t0.getTime() + 10 * 3_600_000,
        team: TEAM,
      });
      expect(held.map(h => h.count)).toEqual([1]);
      const ledger = await knex('gpu_quota_usage').first(
        'reserved',
        'scheduled',
      );
      expect([Number(ledger.reserved), Number(ledger.scheduled)]).toEqual([
        0, 1,
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'warns once, not while kept, and keeps only active grants, on %p',
    async databaseId => {
      const { store } = await openGrantStore(databases, databaseId);
      const { request } = await store.create({
        request: newRequest(),
        quotaLimit: 8,
      });
      const idle = store.idleGrants();
      expect(await idle.markIdleWarned(request.id, t0)).toBe(false);
      expect(
        await idle.keep({ id: request.id, until: t0, by: 'user:default/a' }),
      ).toBeUndefined();
      await store.transition(request.id, ['approved'], 'active', {
        activeSince: t0.toISOString(),
        expiresAt: inHours(4),
      });
      await idle.keep({
        id: request.id,
        until: new Date(inHours(2)),
        by: 'user:default/a',
      });
      expect(await idle.markIdleWarned(request.id, new Date(inHours(1)))).toBe(
        false,
      );
      expect(await idle.markIdleWarned(request.id, new Date(inHours(2)))).toBe(
        true,
      );
      expect(await idle.markIdleWarned(request.id, new Date(inHours(3)))).toBe(
        false,
      );
      expect((await idle.states([request.id])).get(request.id)).toEqual({
        warnedAt: inHours(2),
        keptUntil: inHours(2),
        keptBy: 'user:default/a',
      });
      expect(await idle.clearIdleWarning(request.id, inHours(2))).toBe(true);
      expect(await idle.clearIdleWarning(request.id, inHours(2))).toBe(false);
    },
  );
});
