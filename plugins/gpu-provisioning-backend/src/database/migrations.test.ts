import { resolve } from 'node:path';
import { createTestDatabases } from '@ai-platform/test-utils';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const directory = resolve(__dirname, '../../migrations');

describe('gpu-provisioning migrations', () => {
  it.each(databases.eachSupportedId())(
    'add reservation windows to existing requests and ledger rows, on %p, and take them away on rollback',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({
        directory,
        name: '20250601120000_create_gpu_requests.js',
      });
      await knex.migrate.up({
        directory,
        name: '20261220140000_add_gpu_request_claims.js',
      });
      const now = '2025-06-01T12:00:00.000Z';
      await knex('gpu_requests').insert({
        id: '00000000-0000-0000-0000-000000000001',
        team: 'group:default/search',
        cluster: 'gpu-prod',
        gpu_class: 'h100',
        quota_key: 'h100',
        gpu_count: 2,
        duration_hours: 8,
        purpose: 'training',
        data_classification: 'internal',
        justification: 'Nightly training',
        status: 'active',
        requested_by: 'user:default/ana',
        created_at: now,
        updated_at: now,
        gpu_hours: 16,
        estimated_cost: 72,
        requires_approval: false,
      });
      await knex('gpu_quota_usage').insert({
        team: 'group:default/search',
        quota_key: 'h100',
        reserved: 2,
      });

      await knex.migrate.latest({ directory });
      const request = await knex('gpu_requests').first('start_at', 'status');
      expect(request).toEqual({ start_at: null, status: 'active' });
      const ledger = await knex('gpu_quota_usage').first(
        'reserved',
        'scheduled',
      );
      expect([Number(ledger.reserved), Number(ledger.scheduled)]).toEqual([
        2, 0,
      ]);

      await knex.migrate.down({ directory });
      expect(await knex.schema.hasColumn('gpu_requests', 'start_at')).toBe(
        false,
      );
      expect(await knex.schema.hasColumn('gpu_quota_usage', 'scheduled')).toBe(
        false,
      );
      expect(await knex('gpu_requests').pluck('id')).toEqual([
        '00000000-0000-0000-0000-000000000001',
      ]);
      expect(
        Number((await knex('gpu_quota_usage').first('reserved')).reserved),
      ).toBe(2);
    },
  );
});
