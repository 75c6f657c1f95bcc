import { ConflictError } from '@backstage/errors';
import { createTestDatabases } from '@ai-platform/test-utils';
import {
  OTHER,
  TEAM,
  inHours,
  newRequest,
  openGrantStore,
  t0,
} from './__testUtils__/grantStoreFixture';
import { sweepHeld } from './__testUtils__/sweepHeld';

jest.setTimeout(120_000);

const databases = createTestDatabases();
async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const { knex, store } = await openGrantStore(databases, databaseId);
  /** An active grant of `count` from now for `hours`. */
  const activeGrant = async (count: number, hours: number, team = TEAM) => {
    const { request } = await store.create({
      request: newRequest({ team, count, durationHours: hours }),
      quotaLimit: 8,
    });
    return (await store.transition(request.id, ['approved'], 'active', {
      activeSince: inHours(0),
      expiresAt: inHours(hours),
    }))!;
  };
  const extend = (id: string, additionalHours: number, capacity?: number) =>
    store.extend({
      id,
      additionalHours,
      maxDurationHours: 72,
      hourlyRate: 4.5,
      quotaLimit: 8,
      ...(capacity !== undefined ? { capacity } : {}),
    });
  return { knex, store, activeGrant, extend };
}

describe('DatabaseGrantStore extensions beside reservations', () => {
  it.each(databases.eachSupportedId())(
    "refuses an extension into the team's reservation beyond its quota, names why, and accepts one that fits, on %p",
    async databaseId => {
      const { knex, store, activeGrant, extend } = await createStore(
        databaseId,
      );
      const grant = await activeGrant(4, 4);
      // Reservations at T = +6 h: 5 GPUs, in two bookings.
      await store.create({
        request: newRequest({ startAt: inHours(6), count: 3 }),
        quotaLimit: 8,
      });
      await store.create({
        request: newRequest({ startAt: inHours(6), count: 2 }),
        quotaLimit: 8,
      });

      // Up to T the grant fits: 2 more hours end exactly at the booking.
      await expect(extend(grant.id, 2)).resolves.toMatchObject({
        expiresAt: inHours(6),
        durationHours: 6,
      });
      // Past T, 4 + 5 is over the quota of 8.
      const past = extend(grant.id, 1);
      await expect(past).rejects.toThrow(ConflictError);
      await expect(past).rejects.toThrow(
        `GPU request ${grant.id} cannot be extended to ${inHours(
          7,
        )}: team ${TEAM}'s h100 quota is booked from ${inHours(
          6,
        )} by 2 reservations (5 of 8 held then by others, the grant needs 4)`,
      );
      // Nothing changed: the grant still ends at T.
      expect((await store.get(grant.id))!.expiresAt).toBe(inHours(6));

      // A smaller grant past T fits beside the 5 booked GPUs.
      await store.transition(grant.id, ['active'], 'released');
      const small = await activeGrant(3, 6);
      await expect(extend(small.id, 4)).resolves.toMatchObject({
        expiresAt: inHours(10),
      });
      const { teams } = await sweepHeld(knex, t0.getTime());
      expect(Math.max(...teams.values())).toBe(8);
    },
  );

  it.each(databases.eachSupportedId())(
    "refuses an extension into another team's booking of the cluster beyond its capacity, on %p",
    async databaseId => {
      const { store, activeGrant, extend } = await createStore(databaseId);
      const grant = await activeGrant(4, 4);
      await store.create({
        request: newRequest({ team: OTHER, startAt: inHours(5), count: 7 }),
        quotaLimit: 8,
        capacity: 10,
      });
      // The team has no reservation; the cluster's 10 are booked 7 from +5 h.
      await expect(extend(grant.id, 2, 10)).rejects.toThrow(
        `GPU request ${grant.id} cannot be extended to ${inHours(
          6,
        )}: cluster gpu-prod's h100 capacity is booked from ${inHours(
          5,
        )} by 1 reservation (7 of 10 held then by others, the grant needs 4)`,
      );
      await expect(extend(grant.id, 1, 10)).resolves.toMatchObject({
        expiresAt: inHours(5),
      });
      // With room in the capacity, the extension goes past the booking.
      await expect(extend(grant.id, 3, 12)).resolves.toMatchObject({
        expiresAt: inHours(8),
      });
      // Without a known capacity the cluster's scheduler decides, as for an immediate request.
      await expect(extend(grant.id, 1)).resolves.toMatchObject({
        expiresAt: inHours(9),
      });
    },
  );
});
