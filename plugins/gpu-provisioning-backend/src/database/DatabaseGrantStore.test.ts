import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import { createTestDatabases } from '@ai-platform/test-utils';
import { Knex } from 'knex';
import { DatabaseGrantStore } from './DatabaseGrantStore';
import { NewGpuRequest } from './types';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const TEAM = 'group:default/conversational-ai';

function newRequest(overrides: Partial<NewGpuRequest> = {}): NewGpuRequest {
  return {
    team: TEAM,
    cluster: 'gpu-prod',
    gpuClass: 'h100',
    count: 1,
    durationHours: 8,
    purpose: 'fine-tuning',
    dataClassification: 'internal',
    justification: 'LoRA fine-tuning of the assistant',
    requestedBy: 'user:default/ana.assistant',
    status: 'approved',
    gpuHours: 8,
    estimatedCost: 36,
    requiresApproval: false,
    ...overrides,
  };
}

async function countRows(knex: Knex, table: string): Promise<number> {
  const [{ n }] = await knex(table).count({ n: '*' });
  return Number(n);
}

describe('DatabaseGrantStore', () => {
  let clock: Date;

  async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    clock = new Date('2025-06-01T12:00:00.000Z');
    const store = await DatabaseGrantStore.create({
      database: mockServices.database({ knex }),
      now: () => clock,
    });
    return { knex, store };
  }

  it.each(databases.eachSupportedId())(
    'creates a request and reserves its quota, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const { request, created } = await store.create({
        request: newRequest({ count: 3, entityRef: 'component:default/x' }),
        quotaLimit: 8,
      });
      expect(created).toBe(true);
      expect(request).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        team: TEAM,
        entityRef: 'component:default/x',
        cluster: 'gpu-prod',
        gpuClass: 'h100',
        count: 3,
        durationHours: 8,
        purpose: 'fine-tuning',
        dataClassification: 'internal',
        justification: 'LoRA fine-tuning of the assistant',
        status: 'approved',
        requestedBy: 'user:default/ana.assistant',
        createdAt: '2025-06-01T12:00:00.000Z',
        updatedAt: '2025-06-01T12:00:00.000Z',
        gpuHours: 8,
        estimatedCost: 36,
        requiresApproval: false,
      });
      await expect(store.get(request.id)).resolves.toEqual(request);
      await expect(store.usage(TEAM)).resolves.toEqual({ h100: 3 });
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses a request over quota and says what is left, on %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      await store.create({ request: newRequest({ count: 6 }), quotaLimit: 8 });
      const attempt = store.create({
        request: newRequest({ count: 4 }),
        quotaLimit: 8,
      });
      await expect(attempt).rejects.toThrow(ConflictError);
      await expect(attempt).rejects.toThrow(
        'Quota exceeded for h100 in group:default/conversational-ai: requested 4, 2 of 8 GPUs left',
      );
      await expect(
        store.create({
          request: newRequest({ count: 1, migProfile: '1g.10gb' }),
          quotaLimit: 0,
        }),
      ).rejects.toThrow('requested 1, 0 of 0 MIG instances left');
      expect(await countRows(knex, 'gpu_requests')).toBe(1);
      // The refused reservation rolled back with its transaction.
      await expect(store.usage(TEAM)).resolves.toEqual({ h100: 6 });
    },
  );

  it.each(databases.eachSupportedId())(
    'grants exactly the quota to 200 concurrent requests, on %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const started = Date.now();
      const results = await Promise.allSettled(
        Array.from({ length: 200 }, (_, i) =>
          store.create({
            request: newRequest({ requestedBy: `user:default/u${i}` }),
            quotaLimit: 64,
          }),
        ),
      );
      const elapsed = Date.now() - started;
      // Measured figure for the report.
      // eslint-disable-next-line no-console
      console.log(`200 concurrent creates on ${databaseId}: ${elapsed} ms`);

      const granted = results.filter(r => r.status === 'fulfilled');
      const refused = results.filter(
        (r): r is PromiseRejectedResult => r.status === 'rejected',
      );
      expect(granted.length).toBe(64);
      expect(refused.length).toBe(136);
      for (const { reason } of refused) {
        expect(reason).toBeInstanceOf(ConflictError);
        expect(reason.message).toBe(
          'Quota exceeded for h100 in group:default/conversational-ai: requested 1, 0 of 64 GPUs left',
        );
      }
      expect(await countRows(knex, 'gpu_requests')).toBe(64);
      await expect(store.usage(TEAM)).resolves.toEqual({ h100: 64 });
    },
  );

  it.each(databases.eachSupportedId())(
    'returns the first request for a repeated idempotency key, also when sent at once, on %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const first = await store.create({
        request: newRequest({ count: 2 }),
        quotaLimit: 8,
        idempotencyKey: 'key-1',
      });
      const again = await store.create({
        request: newRequest({ count: 2 }),
        quotaLimit: 8,
        idempotencyKey: 'key-1',
      });
      expect(again).toEqual({ request: first.request, created: false });

      const concurrent = await Promise.all(
        Array.from({ length: 10 }, () =>
          store.create({
            request: newRequest({ count: 2 }),
            quotaLimit: 8,
            idempotencyKey: 'key-2',
          }),
        ),
      );
      expect(concurrent.filter(c => c.created)).toHaveLength(1);
      expect(new Set(concurrent.map(c => c.request.id)).size).toBe(1);

      // The same key from someone else is a different request.
      const other = await store.create({
        request: newRequest({ count: 2, requestedBy: 'user:default/bo' }),
        quotaLimit: 8,
        idempotencyKey: 'key-1',
      });
      expect(other.created).toBe(true);

      expect(await countRows(knex, 'gpu_requests')).toBe(3);
      await expect(store.usage(TEAM)).resolves.toEqual({ h100: 6 });
    },
  );

  it.each(databases.eachSupportedId())(
    'releases the quota when a request stops holding it, once, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const { request } = await store.create({
        request: newRequest({ count: 4, status: 'pending-approval' }),
        quotaLimit: 8,
      });

      const approved = await store.transition(
        request.id,
        ['pending-approval'],
        'approved',
        { decidedBy: 'user:default/boss', decidedAt: clock.toISOString() },
      );
      expect(approved).toMatchObject({
        status: 'approved',
        decidedBy: 'user:default/boss',
        decidedAt: '2025-06-01T12:00:00.000Z',
      });
      await expect(store.usage(TEAM)).resolves.toEqual({ h100: 4 });

      const active = await store.transition(
        request.id,
        ['approved', 'provisioning'],
        'active',
        {
          namespace: 'gpu-conversational-ai-12345678',
          activeSince: '2025-06-01T12:00:00.000Z',
          expiresAt: '2025-06-01T20:00:00.000Z',
        },
      );
      expect(active).toMatchObject({
        status: 'active',
        namespace: 'gpu-conversational-ai-12345678',
        expiresAt: '2025-06-01T20:00:00.000Z',
      });

      // Two replicas end it at once: one wins, the quota comes back once.
      const ended = await Promise.all([
        store.transition(request.id, ['active'], 'released', {
          endedAt: clock.toISOString(),
        }),
        store.transition(request.id, ['active'], 'expired', {
          endedAt: clock.toISOString(),
        }),
      ]);
      expect(ended.filter(Boolean)).toHaveLength(1);
      await expect(store.usage(TEAM)).resolves.toEqual({ h100: 0 });

      await expect(
        store.transition(request.id, ['active'], 'released'),
      ).resolves.toBeUndefined();
      await expect(
        store.transition(request.id, ['released', 'expired'], 'active'),
      ).rejects.toThrow(ConflictError);
      await expect(store.usage(TEAM)).resolves.toEqual({ h100: 0 });
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the quota while a request moves between holding statuses, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const { request } = await store.create({
        request: newRequest({ count: 2 }),
        quotaLimit: 2,
      });
      for (const [from, to] of [
        ['approved', 'provisioning'],
        ['provisioning', 'active'],
        ['active', 'namespace-missing'],
        ['namespace-missing', 'active'],
      ] as const) {
        await expect(
          store.transition(request.id, [from], to),
        ).resolves.toMatchObject({ status: to });
        await expect(store.usage(TEAM)).resolves.toEqual({ h100: 2 });
      }
      await store.transition(request.id, ['active'], 'failed', {
        lastError: 'cluster unreachable',
      });
      await expect(store.usage(TEAM)).resolves.toEqual({ h100: 0 });
      await expect(store.get(request.id)).resolves.toMatchObject({
        status: 'failed',
        lastError: 'cluster unreachable',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'extends a grant up to the maximum duration, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const { request } = await store.create({
        request: newRequest({ count: 2, durationHours: 700 }),
        quotaLimit: 8,
      });
      await store.transition(request.id, ['approved'], 'active', {
        activeSince: '2025-06-01T12:00:00.000Z',
        expiresAt: '2025-06-30T16:00:00.000Z',
      });
      await store.markExpiryWarned(request.id);

      const extended = await store.extend({
        id: request.id,
        additionalHours: 20,
        maxDurationHours: 720,
        hourlyRate: 4.5,
        quotaLimit: 8,
      });
      expect(extended).toMatchObject({
        durationHours: 720,
        gpuHours: 1440,
        estimatedCost: 6480,
        expiresAt: '2025-07-01T12:00:00.000Z',
      });
      // The warning is due again for the new expiry.
      await expect(store.markExpiryWarned(request.id)).resolves.toBe(true);

      const over = store.extend({
        id: request.id,
        additionalHours: 1,
        maxDurationHours: 720,
        hourlyRate: 4.5,
        quotaLimit: 8,
      });
      await expect(over).rejects.toThrow(InputError);
      await expect(over).rejects.toThrow(
        'additionalHours: extending by 1 hours would make the grant 721 hours long, over the maximum of 720 hours (0 hours left)',
      );

      await store.transition(request.id, ['active'], 'released');
      await expect(
        store.extend({
          id: request.id,
          additionalHours: 1,
          maxDurationHours: 720,
          hourlyRate: 4.5,
          quotaLimit: 8,
        }),
      ).rejects.toThrow('is released and can no longer be extended');
    },
  );

  it.each(databases.eachSupportedId())(
    'backs off failed attempts exponentially up to 30 minutes, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const { request } = await store.create({
        request: newRequest(),
        quotaLimit: 8,
      });
      const delays: number[] = [];
      for (let i = 1; i <= 8; i++) {
        await expect(
          store.recordFailedAttempt(request.id, `boom ${i}`),
        ).resolves.toBe(i);
        // Due exactly at the end of the backoff, not a millisecond before.
        let low = 0;
        let high = 60 * 60_000;
        while (low < high) {
          const mid = Math.floor((low + high) / 2);
          const due = await store.listByStatus(['approved'], {
            dueBefore: new Date(clock.getTime() + mid),
          });
          if (due.length) high = mid;
          else low = mid + 1;
        }
        delays.push(low);
      }
      expect(delays).toEqual([
        30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_800_000,
        1_800_000,
      ]);
      await expect(store.get(request.id)).resolves.toMatchObject({
        lastError: 'boom 8',
      });
      // Without dueBefore, the request is listed regardless.
      await expect(store.listByStatus(['approved'])).resolves.toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'marks the expiry warning only the first time, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const { request } = await store.create({
        request: newRequest(),
        quotaLimit: 8,
      });
      await expect(store.markExpiryWarned(request.id)).resolves.toBe(true);
      await expect(store.markExpiryWarned(request.id)).resolves.toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    'lists with filters and permission conditions, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const make = async (overrides: Partial<NewGpuRequest>) => {
        clock = new Date(clock.getTime() + 1000);
        return (
          await store.create({
            request: newRequest(overrides),
            quotaLimit: 100,
          })
        ).request;
      };
      const a = await make({ requestedBy: 'user:default/ana' });
      const b = await make({
        requestedBy: 'user:default/bo',
        team: 'group:default/vision',
        entityRef: 'component:default/detector',
      });
      const c = await make({
        requestedBy: 'user:default/bo',
        status: 'pending-approval',
      });
      const ids = (requests: { id: string }[]) => requests.map(r => r.id);

      expect(ids(await store.list({}))).toEqual([c.id, b.id, a.id]);
      expect(ids(await store.list({ requestedBy: 'user:default/bo' }))).toEqual(
        [c.id, b.id],
      );
      expect(ids(await store.list({ teams: [TEAM] }))).toEqual([c.id, a.id]);
      expect(ids(await store.list({ teams: [] }))).toEqual([]);
      expect(ids(await store.list({ statuses: ['pending-approval'] }))).toEqual(
        [c.id],
      );
      expect(
        ids(await store.list({ entityRef: 'component:default/detector' })),
      ).toEqual([b.id]);
      expect(
        ids(
          await store.list({
            permissionFilter: {
              anyOf: [
                { property: 'requestedBy', values: ['user:default/ana'] },
                { property: 'team', values: ['group:default/vision'] },
              ],
            },
          }),
        ),
      ).toEqual([b.id, a.id]);
      expect(
        ids(
          await store.list({
            permissionFilter: {
              allOf: [
                { property: 'team', values: [TEAM] },
                {
                  not: {
                    property: 'requestedBy',
                    values: ['user:default/ana'],
                  },
                },
              ],
            },
          }),
        ),
      ).toEqual([c.id]);
      await expect(store.getMany([b.id, 'missing', a.id])).resolves.toEqual([
        b,
        undefined,
        a,
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'totals active grants per cluster and class, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const activate = async (overrides: Partial<NewGpuRequest>) => {
        const { request } = await store.create({
          request: newRequest(overrides),
          quotaLimit: 100,
        });
        await store.transition(request.id, ['approved'], 'active');
      };
      await activate({ count: 2 });
      await activate({ count: 3 });
      await activate({ count: 4, migProfile: '1g.10gb' });
      await activate({ count: 1, cluster: 'gpu-dev', gpuClass: 'l40s' });
      await store.create({
        request: newRequest({ count: 7 }),
        quotaLimit: 100,
      });

      const totals = await store.activeGrantTotals();
      expect(totals).toEqual(
        expect.arrayContaining([
          { cluster: 'gpu-prod', gpuClass: 'h100', count: 5 },
          {
            cluster: 'gpu-prod',
            gpuClass: 'h100',
            migProfile: '1g.10gb',
            count: 4,
          },
          { cluster: 'gpu-dev', gpuClass: 'l40s', count: 1 },
        ]),
      );
      expect(totals).toHaveLength(3);
    },
  );

  it.each(databases.eachSupportedId())(
    'compares teams, requesters and entities case-insensitively, on %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const { request } = await store.create({
        request: newRequest({ count: 2, entityRef: 'component:default/x' }),
        quotaLimit: 8,
      });
      // A ledger row written with another spelling of the team (by hand, or
      // by an older version) counts for the same team.
      await knex('gpu_quota_usage').insert({
        team: 'Group:Default/Conversational-AI',
        quota_key: 'h100',
        reserved: 1,
      });

      await expect(
        store.usage('GROUP:default/conversational-ai'),
      ).resolves.toEqual({ h100: 3 });
      const ids = async (filter: Parameters<typeof store.list>[0]) =>
        (await store.list(filter)).map(r => r.id);
      await expect(
        ids({ teams: ['Group:Default/Conversational-AI'] }),
      ).resolves.toEqual([request.id]);
      await expect(
        ids({ requestedBy: 'User:Default/Ana.Assistant' }),
      ).resolves.toEqual([request.id]);
      await expect(ids({ entityRef: 'Component:Default/X' })).resolves.toEqual([
        request.id,
      ]);
      await expect(
        ids({
          permissionFilter: {
            property: 'team',
            values: ['group:default/CONVERSATIONAL-AI'],
          },
        }),
      ).resolves.toEqual([request.id]);
      await expect(ids({ teams: ['group:default/vision'] })).resolves.toEqual(
        [],
      );
      await expect(ids({ teams: [] })).resolves.toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'skips migrations when told to, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await DatabaseGrantStore.create({
        database: mockServices.database({ knex, migrations: { skip: true } }),
      });
      await expect(knex.schema.hasTable('gpu_requests')).resolves.toBe(false);
    },
  );
});
