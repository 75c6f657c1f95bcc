import { createTestDatabases } from '@ai-platform/test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseApprovalStore } from './DatabaseApprovalStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'DatabaseApprovalStore on %p',
  databaseId => {
    let now: Date;
    let store: DatabaseApprovalStore;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      store = await DatabaseApprovalStore.create({
        database: mockServices.database({ knex }),
        now: () => now,
      });
    });

    beforeEach(() => {
      now = new Date('2026-12-04T10:00:00.000Z');
    });

    const askWithKey = (idempotencyKey?: string, expiresAt?: Date) =>
      store.create({
        approverGroup: 'Group:default/ML-Platform',
        title: 'Publish m1',
        requestedBy: 'user:default/rita',
        requestedVia: 'plugin:scaffolder',
        expiresAt,
        idempotencyKey,
      });
    const ask = async (expiresAt?: Date) =>
      (await askWithKey(undefined, expiresAt)).approval;

    it('gives the approval made earlier with the same key, also to calls at the same time', async () => {
      const first = await askWithKey('task-1-approval');
      expect(first.created).toBe(true);
      const again = await askWithKey('task-1-approval');
      expect(again).toEqual({ approval: first.approval, created: false });

      const racing = await Promise.all(
        Array.from({ length: 5 }, () => askWithKey('task-2-approval')),
      );
      expect(racing.filter(r => r.created)).toHaveLength(1);
      expect(new Set(racing.map(r => r.approval.id)).size).toBe(1);

      // Keys are the requester's own; no key never matches.
      const other = await store.create({
        approverGroup: 'group:default/ml-platform',
        title: 'Publish m1',
        requestedBy: 'user:default/abe',
        idempotencyKey: 'task-1-approval',
      });
      expect(other.created).toBe(true);
      expect((await askWithKey()).created).toBe(true);
      expect((await askWithKey()).created).toBe(true);
    });

    it('keeps an approval with its timestamps as ISO strings', async () => {
      const created = await ask(new Date('2026-12-05T10:00:00.000Z'));
      expect(await store.get(created.id)).toEqual({
        id: created.id,
        status: 'pending',
        approverGroup: 'Group:default/ML-Platform',
        title: 'Publish m1',
        requestedBy: 'user:default/rita',
        requestedVia: 'plugin:scaffolder',
        createdAt: '2026-12-04T10:00:00.000Z',
        expiresAt: '2026-12-05T10:00:00.000Z',
      });
    });

    it('ends a pending approval once when two decide at the same time', async () => {
      const { id } = await ask();
      const results = await Promise.all([
        store.end(id, { status: 'approved', decidedBy: 'user:default/abe' }),
        store.end(id, {
          status: 'rejected',
          decidedBy: 'user:default/ada',
          reason: 'no',
        }),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.get(id))?.status).toMatch(/^(approved|rejected)$/);
    });

    it('reads a pending approval past its expiry as expired and does not end it', async () => {
      const { id } = await ask(new Date('2026-12-04T11:00:00.000Z'));
      now = new Date('2026-12-04T11:00:00.001Z');
      expect((await store.get(id))?.status).toBe('expired');
      expect(
        await store.end(id, {
          status: 'approved',
          decidedBy: 'user:default/abe',
        }),
      ).toBeUndefined();
      const expired = await store.list({
        approverGroupKeys: ['group:default/ml-platform'],
        status: 'expired',
        limit: 100,
      });
      expect(expired.map(a => a.id)).toContain(id);
      const pending = await store.list({
        approverGroupKeys: ['group:default/ml-platform'],
        status: 'pending',
        limit: 100,
      });
      expect(pending.map(a => a.id)).not.toContain(id);
    });

    it('lists by approver group, leaving out the caller’s own', async () => {
      const { id } = await ask();
      const theirs = await store.list({
        approverGroupKeys: ['group:default/ml-platform'],
        notRequestedBy: 'user:default/abe',
        limit: 100,
      });
      expect(theirs.map(a => a.id)).toContain(id);
      const own = await store.list({
        approverGroupKeys: ['group:default/ml-platform'],
        notRequestedBy: 'User:default/Rita',
        limit: 100,
      });
      expect(own.map(a => a.id)).not.toContain(id);
    });
  },
);
