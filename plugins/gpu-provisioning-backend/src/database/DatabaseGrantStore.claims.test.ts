import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@ai-platform/test-utils';
import { DatabaseGrantStore } from './DatabaseGrantStore';
import { NewGpuRequest } from './types';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const request: NewGpuRequest = {
  team: 'group:default/conversational-ai',
  cluster: 'gpu-prod',
  gpuClass: 'h100',
  count: 2,
  durationHours: 8,
  purpose: 'fine-tuning',
  dataClassification: 'internal',
  justification: 'LoRA fine-tuning of the assistant',
  requestedBy: 'user:default/ana.assistant',
  status: 'approved',
  gpuHours: 16,
  estimatedCost: 72,
  requiresApproval: false,
};

describe('DatabaseGrantStore claims', () => {
  const t0 = new Date('2025-06-01T12:00:00.000Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    const store = await DatabaseGrantStore.create({
      database: mockServices.database({ knex }),
      now: () => t0,
    });
    return { knex, store };
  }

  it.each(databases.eachSupportedId())(
    'claims an approved request once, renews it only for its owner and reports it abandoned when it runs out, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const { request: created } = await store.create({
        request,
        quotaLimit: 8,
      });
      const claim = { owner: 'replica-a', until: at(30_000) };

      const claimed = await store.claim(created.id, claim, 'gpu-ns-1');
      expect(claimed).toMatchObject({
        status: 'provisioning',
        namespace: 'gpu-ns-1',
      });
      await expect(
        store.claim(created.id, { owner: 'replica-b', until: at(30_000) }, 'x'),
      ).resolves.toBeUndefined();
      await expect(store.listAbandoned(at(29_999))).resolves.toEqual([]);

      await expect(
        store.renewClaim(created.id, { owner: 'replica-b', until: at(90_000) }),
      ).resolves.toBe(false);
      await expect(
        store.renewClaim(created.id, { owner: 'replica-a', until: at(60_000) }),
      ).resolves.toBe(true);
      await expect(store.listAbandoned(at(59_999))).resolves.toEqual([]);
      await expect(store.listAbandoned(at(60_000))).resolves.toEqual([
        expect.objectContaining({ id: created.id, status: 'provisioning' }),
      ]);
      // Quota stays reserved while it is being applied.
      await expect(store.usage(request.team)).resolves.toEqual({ h100: 2 });
    },
  );

  it.each(databases.eachSupportedId())(
    'ends a claim when the request leaves provisioning, on %p',
    async databaseId => {
      const { store, knex } = await createStore(databaseId);
      const { request: created } = await store.create({
        request,
        quotaLimit: 8,
      });
      await store.claim(
        created.id,
        { owner: 'replica-a', until: at(30_000) },
        'gpu-ns-1',
      );
      await store.transition(created.id, ['provisioning'], 'approved', {
        lastError: 'boom',
      });
      const row = await knex('gpu_requests').where({ id: created.id }).first();
      expect(row.claimed_by).toBeNull();
      expect(row.claim_expires_at).toBeNull();
      await expect(
        store.renewClaim(created.id, { owner: 'replica-a', until: at(60_000) }),
      ).resolves.toBe(false);
      await expect(store.listAbandoned(at(3_600_000))).resolves.toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'treats a request in provisioning without a recorded claim as abandoned after 10 minutes, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const { request: created } = await store.create({
        request,
        quotaLimit: 8,
      });
      // As a backend from before claims were recorded left it.
      await store.transition(created.id, ['approved'], 'provisioning');
      await expect(store.listAbandoned(at(9 * 60_000))).resolves.toEqual([]);
      await expect(store.listAbandoned(at(10 * 60_000))).resolves.toEqual([
        expect.objectContaining({ id: created.id }),
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the next attempt due time in the database, so every replica waits the same, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const { request: created } = await store.create({
        request,
        quotaLimit: 8,
      });
      await store.claim(
        created.id,
        { owner: 'replica-a', until: at(30_000) },
        'gpu-ns-1',
      );
      await store.recordFailedAttempt(created.id, 'boom');
      await store.transition(created.id, ['provisioning'], 'approved', {
        lastError: 'boom',
      });
      await expect(
        store.listByStatus(['approved'], { dueBefore: at(29_999) }),
      ).resolves.toEqual([]);
      await expect(
        store.listByStatus(['approved'], { dueBefore: at(30_000) }),
      ).resolves.toEqual([expect.objectContaining({ id: created.id })]);
    },
  );
});
