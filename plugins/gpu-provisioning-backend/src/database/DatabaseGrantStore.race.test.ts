import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { createTestDatabases } from '@ai-platform/test-utils';
import fc from 'fast-check';
import { DatabaseGrantStore } from './DatabaseGrantStore';
import { NewGpuRequest } from './types';
import { sweepHeld } from './__testUtils__/sweepHeld';

jest.setTimeout(300_000);

const databases = createTestDatabases();
const HOUR = 3_600_000;
const t0 = new Date('2025-06-01T12:00:00.000Z');
const inHours = (h: number) => new Date(t0.getTime() + h * HOUR).toISOString();
const CAPACITY = 10;
const QUOTA = 8;

function newRequest(overrides: Partial<NewGpuRequest>): NewGpuRequest {
  return {
    team: 'group:default/booking',
    cluster: 'gpu-prod',
    gpuClass: 'h100',
    count: 1,
    durationHours: 4,
    purpose: 'training',
    dataClassification: 'internal',
    justification: 'Racing for the same GPUs',
    requestedBy: 'user:default/ana.assistant',
    status: 'approved',
    gpuHours: 4,
    estimatedCost: 18,
    requiresApproval: false,
    ...overrides,
  };
}

/** One team's move in the race: an immediate request, or extending its grant. */
const move = fc.oneof(
  fc.record({
    kind: fc.constant('now' as const),
    count: fc.integer({ min: 1, max: 4 }),
    hours: fc.integer({ min: 1, max: 6 }),
  }),
  fc.record({
    kind: fc.constant('extend' as const),
    count: fc.integer({ min: 1, max: 2 }),
    hours: fc.integer({ min: 1, max: 4 }),
  }),
);

/*
 * Teams race for one class on one cluster that another team has booked:
 * each team's own quota has room, so only the cluster's capacity can refuse
 * them, and nothing but the bookings' lock (an advisory lock per cluster and
 * class on PostgreSQL) orders their checks. Without it, two transactions
 * read the same peak and both commit, and the cluster is over capacity.
 */
describe('DatabaseGrantStore under racing teams', () => {
  it.each(databases.eachSupportedId())(
    "never admits concurrent requests and extensions of different teams past a booked cluster's capacity, on %p",
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseGrantStore.create({
        database: mockServices.database({ knex }),
        now: () => t0,
      });
      let refusedRuns = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(move, { minLength: 6, maxLength: 12 }),
          fc.integer({ min: 2, max: 4 }),
          async (moves, booked) => {
            await knex('gpu_requests').delete();
            await knex('gpu_quota_usage').delete();
            await knex('gpu_capacity_bookings').delete();
            // Grants to extend, ending as the booking starts, before it exists.
            const grants = new Map<number, string>();
            let held = 0;
            for (const [i, m] of moves.entries()) {
              if (m.kind !== 'extend' || held + m.count > CAPACITY - booked) {
                continue;
              }
              const { request } = await store.create({
                request: newRequest({
                  team: `group:default/team-${i}`,
                  count: m.count,
                  durationHours: 1,
                }),
                quotaLimit: QUOTA,
              });
              await store.transition(request.id, ['approved'], 'active', {
                activeSince: inHours(0),
                expiresAt: inHours(1),
              });
              grants.set(i, request.id);
              held += m.count;
            }
            await store.create({
              request: newRequest({ startAt: inHours(1), count: booked }),
              quotaLimit: QUOTA,
              capacity: CAPACITY,
            });

            const results = await Promise.allSettled(
              moves.map((m, i) => {
                const id = grants.get(i);
                if (m.kind === 'extend' && id) {
                  return store.extend({
                    id,
                    additionalHours: m.hours,
                    maxDurationHours: 72,
                    hourlyRate: 4.5,
                    quotaLimit: QUOTA,
                    capacity: CAPACITY,
                  });
                }
                return store.create({
                  request: newRequest({
                    team: `group:default/team-${i}`,
                    count: m.count,
                    durationHours: m.hours,
                  }),
                  quotaLimit: QUOTA,
                  capacity: CAPACITY,
                });
              }),
            );
            const refused = results.filter(
              (r): r is PromiseRejectedResult => r.status === 'rejected',
            );
            expect(
              refused.filter(r => !(r.reason instanceof ConflictError)),
            ).toEqual([]);
            if (refused.length) refusedRuns++;
            const { clusters } = await sweepHeld(knex, t0.getTime());
            expect(clusters.get('gpu-prod|h100')).toBeLessThanOrEqual(CAPACITY);
          },
        ),
        { numRuns: 40, seed: 18 },
      );
      // The races were real: the capacity had to refuse someone.
      expect(refusedRuns).toBeGreaterThan(0);
    },
  );
});
