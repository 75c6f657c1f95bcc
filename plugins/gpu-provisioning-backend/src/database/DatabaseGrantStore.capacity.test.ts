import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { createTestDatabases } from '@ai-platform/test-utils';
import {
  OTHER,
  inHours,
  newRequest,
  openGrantStore,
} from './__testUtils__/grantStoreFixture';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const createStore = (databaseId: Parameters<typeof databases.init>[0]) =>
  openGrantStore(databases, databaseId);

describe('DatabaseGrantStore capacity booked by other teams', () => {
  it.each(databases.eachSupportedId())(
    "refuses an immediate request that would take capacity another team booked, and counts the cluster's bookings, on %p",
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const bookings = async () =>
        Number(
          (
            await knex('gpu_capacity_bookings')
              .where({ cluster: 'gpu-prod', quota_key: 'h100' })
              .first('scheduled')
          )?.scheduled ?? 0,
        );
      // No bookings: the other team's immediate request is not held to capacity.
      const { request: free } = await store.create({
        request: newRequest({ team: OTHER, count: 12 }),
        quotaLimit: 12,
        capacity: 10,
      });
      await store.transition(free.id, ['approved'], 'released');

      const { request: booking } = await store.create({
        request: newRequest({ startAt: inHours(10), count: 6 }),
        quotaLimit: 8,
        capacity: 10,
      });
      expect(await bookings()).toBe(1);

      // Twelve hours would run into the other team's booking.
      await expect(
        store.create({
          request: newRequest({ team: OTHER, count: 6, durationHours: 12 }),
          quotaLimit: 8,
          capacity: 10,
        }),
      ).rejects.toThrow(
        'Capacity exceeded for h100 on gpu-prod from 2025-06-01T12:00:00.000Z to 2025-06-02T00:00:00.000Z: requested 6, 4 of 10 GPUs free at the busiest time',
      );
      // Ending before the booking starts, it fits; its end is booked.
      const { request: short } = await store.create({
        request: newRequest({ team: OTHER, count: 8, durationHours: 10 }),
        quotaLimit: 8,
        capacity: 10,
      });
      expect(short.expiresAt).toBe(inHours(10));
      // Beside it, four more fit the capacity over the booking.
      await store.transition(short.id, ['approved'], 'released');
      const { request: beside } = await store.create({
        request: newRequest({ team: OTHER, count: 4, durationHours: 24 }),
        quotaLimit: 8,
        capacity: 10,
      });
      expect(beside.expiresAt).toBe(inHours(24));

      // Once the booking is given back, immediate requests are not held to it.
      await store.transition(booking.id, ['approved'], 'released');
      expect(await bookings()).toBe(0);
      const { request: after } = await store.create({
        request: newRequest({ team: OTHER, count: 8, durationHours: 24 }),
        quotaLimit: 12,
        capacity: 10,
      });
      expect(after.expiresAt).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'never overbooks capacity when immediate requests and the first bookings of different teams race, on %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const teams = Array.from({ length: 6 }, (_, i) => `group:default/t${i}`);
      let granted = 0;
      for (let round = 0; round < 5; round++) {
        await knex('gpu_requests').delete();
        await knex('gpu_quota_usage').delete();
        await knex('gpu_capacity_bookings').delete();
        // Three immediate requests alone take 12 of 10 GPUs (the cluster's
        // scheduler admits them while nothing is booked); bookings of 2 in
        // windows apart fit beside 8.
        const attempts = teams.map((team, i) =>
          store.create({
            request:
              i < 3
                ? newRequest({ team, count: 4, durationHours: 48 })
                : newRequest({ team, count: 2, startAt: inHours(i * 5) }),
            quotaLimit: 6,
            capacity: 10,
          }),
        );
        const results = await Promise.allSettled(attempts);
        // Every refusal is a conflict, none a deadlock or a database error.
        const failures = results.flatMap(r =>
          r.status === 'rejected' ? [String(r.reason)] : [],
        );
        expect(failures.filter(f => !f.includes('ConflictError'))).toEqual([]);
        // The store returns a reservation's start beside the common fields.
        const requests: GpuRequest[] = results.flatMap(r =>
          r.status === 'fulfilled' ? [r.value.request] : [],
        );
        granted += requests.length;
        const held = requests.map(request => ({
          start: request.startAt ? Date.parse(request.startAt) : -Infinity,
          end: request.expiresAt ? Date.parse(request.expiresAt) : Infinity,
          count: request.count,
        }));
        // Every instant a booking starts holds at most the capacity.
        for (const booking of held.filter(h => h.start > -Infinity)) {
          const at = held
            .filter(h => h.start <= booking.start && booking.start < h.end)
            .reduce((sum, h) => sum + h.count, 0);
          expect(at).toBeLessThanOrEqual(10);
        }
      }
      expect(granted).toBeGreaterThanOrEqual(5 * 3);
    },
  );
});
