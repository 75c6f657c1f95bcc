import { createTestDatabases } from '@ai-platform/test-utils';
import {
  inHours,
  newRequest,
  openGrantStore,
} from './__testUtils__/grantStoreFixture';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe('DatabaseGrantStore.endedSpans', () => {
  it.each(databases.eachSupportedId())(
    'gives the booked and held times of ended grants of a class since a day, on %p',
    async databaseId => {
      const { store } = await openGrantStore(databases, databaseId);
      /** A grant of `what` active at hour 0 for 4 h, ended at `endedAt` hours as `to`. */
      const ended = async (
        what: { gpuClass?: string; migProfile?: string },
        endedAt: number,
        to: 'released' | 'expired' = 'released',
      ) => {
        const { request } = await store.create({
          request: newRequest({ count: 1, ...what }),
          quotaLimit: 100,
        });
        await store.transition(request.id, ['approved'], 'active', {
          activeSince: inHours(0),
          expiresAt: inHours(4),
        });
        await store.transition(request.id, ['active'], to, {
          endedAt: inHours(endedAt),
        });
        return request.id;
      };
      await ended({}, 1);
      await ended({}, 4, 'expired');
      await ended({}, -30); // before the history's start
      await ended({ gpuClass: 'a100' }, 2);
      await ended({ migProfile: '1g.10gb' }, 3);
      // Still active: no span.
      const { request: running } = await store.create({
        request: newRequest({ count: 1 }),
        quotaLimit: 100,
      });
      await store.transition(running.id, ['approved'], 'active', {
        activeSince: inHours(0),
        expiresAt: inHours(4),
      });

      const spans = await store.endedSpans({
        gpuClass: 'h100',
        since: new Date(inHours(-24)),
      });
      expect(spans.map(s => s.endedAt).sort()).toEqual([
        inHours(1),
        inHours(4),
      ]);
      expect(spans[0]).toMatchObject({
        activeSince: inHours(0),
        expiresAt: inHours(4),
      });
      expect(
        await store.endedSpans({
          gpuClass: 'h100',
          migProfile: '1g.10gb',
          since: new Date(inHours(-24)),
        }),
      ).toEqual([
        {
          activeSince: inHours(0),
          expiresAt: inHours(4),
          endedAt: inHours(3),
        },
      ]);
    },
  );
});
