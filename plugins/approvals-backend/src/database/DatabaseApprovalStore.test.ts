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

    const ask = (expiresAt?: Date) =>
      store.create({
        approverGroup: 'Group:default/ML-Platform',
        title: 'Publish m1',
        requestedBy: 'user:default/rita',
        requestedVia: 'plugin:scaffolder',
        expiresAt,
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
