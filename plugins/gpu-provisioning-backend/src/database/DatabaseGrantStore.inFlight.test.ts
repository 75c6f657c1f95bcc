import { ConflictError } from '@backstage/errors';
import { createTestDatabases } from '@ai-platform/test-utils';
import { Knex } from 'knex';
import { recordRequest } from './recordRequest';
import { LEDGER, REQUESTS } from './requestRows';
import { ReservationsInFlight } from './ReservationsInFlight';
import {
  newRequest,
  openGrantStore,
  t0,
  TEAM,
} from './__testUtils__/grantStoreFixture';
import { deferred } from './__testUtils__/deferred';
import { statementsOf } from './__testUtils__/statementsOf';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** The statements sent through `knex` while `fn` runs that write the ledger. */
async function ledgerWritesOf<T>(knex: Knex, fn: () => Promise<T>) {
  const { result, statements } = await statementsOf(knex, fn, sql => {
    const lower = sql.toLowerCase();
    return lower.includes(LEDGER) && /\b(insert|update)\b/.test(lower);
  });
  return { result, ledgerWrites: statements };
}

describe.each(databases.eachSupportedId())(
  'DatabaseGrantStore, requests arriving together, on %p',
  id => {
    it('sends a reservation only for the room there is, and refuses the rest with what is left', async () => {
      const { knex, store } = await openGrantStore(databases, id);
      await store.create({
        request: newRequest({ count: 2 }),
        quotaLimit: 12,
      });
      // 40 requests for 1 GPU each against the 10 GPUs left.
      const { result, ledgerWrites } = await ledgerWritesOf(knex, () =>
        Promise.allSettled(
          Array.from({ length: 40 }, () =>
            store.create({ request: newRequest({ count: 1 }), quotaLimit: 12 }),
          ),
        ),
      );
      const granted = result.filter(r => r.status === 'fulfilled');
      const refused = result.flatMap(r =>
        r.status === 'rejected' ? [r.reason] : [],
      );
      expect(granted).toHaveLength(10);
      expect(refused).toHaveLength(30);
      for (const error of refused) {
        expect(error).toBeInstanceOf(ConflictError);
        expect(error.message).toContain('requested 1, 0 of 12 GPUs left');
      }
      // One reservation per grant: none bound to fail was sent.
      expect(ledgerWrites).toBe(10);
      const ledger = await knex(LEDGER)
        .where({ team: TEAM, quota_key: 'h100' })
        .first();
      expect(Number(ledger.reserved)).toBe(12);
    });

    it('waits for an attempt in flight that claims its room, then is granted when it failed, refused when it succeeded', async () => {
      const { knex } = await openGrantStore(databases, id);
      const inFlight = new ReservationsInFlight();
      const record = (quotaLimit: number) =>
        recordRequest(knex, {
          request: newRequest({ count: 2 }),
          quotaLimit,
          now: t0,
          inFlight,
        });

      // Another request of this process holds the room, and then fails.
      const failing = deferred<void>();
      const held = inFlight.hold(TEAM, 'h100', 2, () => failing.promise);
      const granted = record(2);
      await new Promise(resolve => setTimeout(resolve, 50));
      // Still waiting: nothing recorded.
      const [{ n }] = await knex(REQUESTS).count({ n: '*' });
      expect(Number(n)).toBe(0);
      failing.reject(new Error('lost its connection'));
      await expect(held).rejects.toThrow();
      await expect(granted).resolves.toMatchObject({ count: 2 });

      // With 2 more GPUs of quota, one holds them and succeeds: the waiting
      // request is refused by the read after it, with no reservation sent.
      const succeeding = deferred<void>();
      const next = inFlight.hold(TEAM, 'h100', 2, () => succeeding.promise);
      const refused = record(4);
      await new Promise(resolve => setTimeout(resolve, 50));
      await knex(LEDGER)
        .where({ team: TEAM, quota_key: 'h100' })
        .update({ reserved: 4 });
      const { result, ledgerWrites } = await ledgerWritesOf(knex, async () => {
        succeeding.resolve();
        await next;
        return Promise.allSettled([refused]);
      });
      expect(result[0]).toMatchObject({
        status: 'rejected',
        reason: expect.objectContaining({
          name: 'ConflictError',
          message: expect.stringContaining('requested 2, 0 of 4 GPUs left'),
        }),
      });
      expect(ledgerWrites).toBe(0);
    });
  },
);
