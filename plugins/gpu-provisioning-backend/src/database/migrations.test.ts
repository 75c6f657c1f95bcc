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

      await knex.migrate.up({
        directory,
        name: '20261225090000_add_gpu_request_reservations.js',
      });
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

  it.each(databases.eachSupportedId())(
    'count the reservations already booked per cluster and class, on %p, and drop the counts on rollback',
    async databaseId => {
      const knex = await databases.init(databaseId);
      for (const name of [
        '20250601120000_create_gpu_requests.js',
        '20261220140000_add_gpu_request_claims.js',
        '20261225090000_add_gpu_request_reservations.js',
      ]) {
        await knex.migrate.up({ directory, name });
      }
      const now = '2025-06-01T12:00:00.000Z';
      const row = (id: number, fields: Record<string, unknown>) => ({
        id: `00000000-0000-0000-0000-00000000000${id}`,
        team: 'group:default/search',
        cluster: 'gpu-prod',
        gpu_class: 'h100',
        quota_key: 'h100',
        gpu_count: 2,
        duration_hours: 8,
        purpose: 'training',
        data_classification: 'internal',
        justification: 'Nightly training',
        status: 'approved',
        requested_by: 'user:default/ana',
        created_at: now,
        updated_at: now,
        gpu_hours: 16,
        estimated_cost: 72,
        requires_approval: false,
        ...fields,
      });
      await knex('gpu_requests').insert([
        row(1, { start_at: '2025-06-02T00:00:00.000Z' }),
        row(2, {
          start_at: '2025-06-03T00:00:00.000Z',
          team: 'group:default/x',
        }),
        row(3, { start_at: '2025-06-03T00:00:00.000Z', status: 'released' }),
        row(4, { start_at: null, status: 'active' }),
        row(5, { start_at: '2025-06-02T00:00:00.000Z', cluster: 'gpu-dev' }),
      ]);

      await knex.migrate.up({
        directory,
        name: '20261226090000_add_gpu_capacity_bookings.js',
      });
      const counts = await knex('gpu_capacity_bookings')
        .orderBy('cluster')
        .select('cluster', 'quota_key', 'scheduled');
      expect(
        counts.map(c => [c.cluster, c.quota_key, Number(c.scheduled)]),
      ).toEqual([
        ['gpu-dev', 'h100', 1],
        ['gpu-prod', 'h100', 2],
      ]);

      await knex.migrate.down({ directory });
      expect(await knex.schema.hasTable('gpu_capacity_bookings')).toBe(false);
      expect(Number((await knex('gpu_requests').count({ n: '*' }))[0].n)).toBe(
        5,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'store estimated costs as whole cents, on %p, and give back exact decimals on rollback',
    async databaseId => {
      const knex = await databases.init(databaseId);
      for (const name of [
        '20250601120000_create_gpu_requests.js',
        '20261220140000_add_gpu_request_claims.js',
        '20261225090000_add_gpu_request_reservations.js',
        '20261226090000_add_gpu_capacity_bookings.js',
      ]) {
        await knex.migrate.up({ directory, name });
      }
      const now = '2025-06-01T12:00:00.000Z';
      // 0.1 + 0.2 and 1234.56 as doubles: neither is exact in binary.
      await knex('gpu_requests').insert(
        [0.1 + 0.2, 1234.56, 72].map((estimated_cost, i) => ({
          id: `00000000-0000-0000-0000-00000000000${i + 1}`,
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
          estimated_cost,
          requires_approval: false,
        })),
      );

      await knex.migrate.up({
        directory,
        name: '20261227090000_store_estimated_cost_as_cents.js',
      });
      expect(
        await knex.schema.hasColumn('gpu_requests', 'estimated_cost'),
      ).toBe(false);
      const cents = await knex('gpu_requests')
        .orderBy('id')
        .pluck('estimated_cost_cents');
      expect(cents.map(Number)).toEqual([30, 123456, 7200]);

      await knex.migrate.down({ directory });
      const back = await knex('gpu_requests')
        .orderBy('id')
        .pluck('estimated_cost');
      expect(back.map(Number)).toEqual([0.3, 1234.56, 72]);
      expect(
        await knex.schema.hasColumn('gpu_requests', 'estimated_cost_cents'),
      ).toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    'remember when the owners were told a window starts, on %p, and forget it on rollback',
    async databaseId => {
      const knex = await databases.init(databaseId);
      for (const name of [
        '20250601120000_create_gpu_requests.js',
        '20261220140000_add_gpu_request_claims.js',
        '20261225090000_add_gpu_request_reservations.js',
        '20261226090000_add_gpu_capacity_bookings.js',
        '20261227090000_store_estimated_cost_as_cents.js',
      ]) {
        await knex.migrate.up({ directory, name });
      }
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
        status: 'approved',
        requested_by: 'user:default/ana',
        created_at: now,
        updated_at: now,
        gpu_hours: 16,
        estimated_cost_cents: 7200,
        requires_approval: false,
        start_at: '2025-06-02T00:00:00.000Z',
      });

      await knex.migrate.up({
        directory,
        name: '20261228090000_add_gpu_request_start_warning.js',
      });
      expect(await knex('gpu_requests').first('start_warned_at')).toEqual({
        start_warned_at: null,
      });
      await knex('gpu_requests').update({ start_warned_at: now });
      expect(
        (await knex('gpu_requests').first('start_warned_at')).start_warned_at,
      ).not.toBeNull();

      await knex.migrate.down({ directory });
      expect(
        await knex.schema.hasColumn('gpu_requests', 'start_warned_at'),
      ).toBe(false);
      expect(await knex('gpu_requests').pluck('id')).toEqual([
        '00000000-0000-0000-0000-000000000001',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'remember idle warnings and keeps of existing grants, on %p, and forget them on rollback',
    async databaseId => {
      const knex = await databases.init(databaseId);
      for (const name of [
        '20250601120000_create_gpu_requests.js',
        '20261220140000_add_gpu_request_claims.js',
        '20261225090000_add_gpu_request_reservations.js',
        '20261226090000_add_gpu_capacity_bookings.js',
        '20261227090000_store_estimated_cost_as_cents.js',
        '20261228090000_add_gpu_request_start_warning.js',
      ]) {
        await knex.migrate.up({ directory, name });
      }
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
        estimated_cost_cents: 7200,
        requires_approval: false,
      });

      await knex.migrate.up({
        directory,
        name: '20261229090000_add_gpu_request_idle_state.js',
      });
      expect(
        await knex('gpu_requests').first(
          'idle_warned_at',
          'kept_until',
          'kept_by',
        ),
      ).toEqual({ idle_warned_at: null, kept_until: null, kept_by: null });
      await knex('gpu_requests').update({
        idle_warned_at: now,
        kept_until: '2025-06-02T12:00:00.000Z',
        kept_by: 'user:default/ana',
      });
      const kept = await knex('gpu_requests').first('kept_until', 'kept_by');
      expect(new Date(kept.kept_until).toISOString()).toBe(
        '2025-06-02T12:00:00.000Z',
      );
      expect(kept.kept_by).toBe('user:default/ana');

      await knex.migrate.down({ directory });
      for (const column of ['idle_warned_at', 'kept_until', 'kept_by']) {
        expect(await knex.schema.hasColumn('gpu_requests', column)).toBe(false);
      }
      expect(await knex('gpu_requests').pluck('id')).toEqual([
        '00000000-0000-0000-0000-000000000001',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    "index a class's ended requests for the start estimate's history, on %p, and drop the index on rollback",
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory });
      const indexes = async () =>
        knex.client.config.client === 'pg'
          ? (
              await knex.raw(
                "select indexname as name from pg_indexes where tablename = 'gpu_requests'",
              )
            ).rows.map((r: { name: string }) => r.name)
          : (await knex.raw("pragma index_list('gpu_requests')")).map(
              (r: { name: string }) => r.name,
            );
      expect(await indexes()).toContain('gpu_requests_class_ended_at_idx');
      await knex.migrate.down({ directory });
      expect(await indexes()).not.toContain('gpu_requests_class_ended_at_idx');
    },
  );

  it("reads a class's ended requests through that index on SQLite", async () => {
    const knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({ directory });
    // The history's query (DatabaseGrantStore.endedSpans).
    const plan = await knex.raw(
      "explain query plan select active_since, expires_at, ended_at from gpu_requests where status in ('released', 'expired') and gpu_class = ? and mig_profile is null and ended_at >= ? and active_since is not null and expires_at is not null",
      ['h100', '2025-06-01T00:00:00.000Z'],
    );
    expect(
      plan.map((step: { detail: string }) => step.detail).join('\n'),
    ).toContain('gpu_requests_class_ended_at_idx');
  });
});
