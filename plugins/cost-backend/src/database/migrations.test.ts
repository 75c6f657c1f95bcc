import { resolve } from 'node:path';
import { createTestDatabases } from '@ai-platform/test-utils';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const directory = resolve(__dirname, '../../migrations');

/** Every migration before GPU costs and budgets became nano-units, in order. */
const MIGRATIONS_BEFORE_GPU_NANOS = [
  '20261122120000_create_cost_tables.js',
  '20261220120000_add_ingest_run_leases.js',
  '20261228120000_store_costs_as_nano_units.js',
  '20261228130000_create_cost_team_monthly.js',
  '20261228140000_index_cost_line_items_for_drill_down.js',
];

const lineItem = (billed: number, effective: number) => ({
  ingest_run_id: 'run-1',
  provider: 'AWS',
  billing_account_id: 'acct',
  billing_period: '2024-09-01',
  day: '2024-09-02',
  service_name: 'Amazon EC2',
  charge_category: 'Usage',
  currency: 'USD',
  billed_cost: billed,
  effective_cost: effective,
  team: 'group:default/search',
});

describe('cost migrations', () => {
  it.each(databases.eachSupportedId())(
    'turn double amounts into exact nano-units, on %p, and back on rollback',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({
        directory,
        name: '20261122120000_create_cost_tables.js',
      });
      await knex.migrate.up({
        directory,
        name: '20261220120000_add_ingest_run_leases.js',
      });
      // 0.1 + 0.2 and 259171.52 are the classic doubles that are not their decimal.
      await knex('cost_line_items').insert([
        lineItem(0.1 + 0.2, 259171.52),
        lineItem(-1.000000001, 0.0006377212),
      ]);
      await knex('cost_daily').insert({
        source: 'billing',
        provider: 'AWS',
        billing_account_id: 'acct',
        billing_period: '2024-09-01',
        day: '2024-09-02',
        team: 'group:default/search',
        service_name: 'Amazon EC2',
        currency: 'USD',
        billed_cost: 0.1 + 0.2 - 1.000000001,
        effective_cost: 259171.52,
        line_items: 2,
      });

      await knex.migrate.latest({ directory });
      expect(
        await knex.schema.hasColumn('cost_line_items', 'billed_cost'),
      ).toBe(false);
      const items = await knex('cost_line_items')
        .select('billed_cost_nanos', 'effective_cost_nanos')
        .orderBy('id');
      expect(
        items.map(r => [
          String(r.billed_cost_nanos),
          String(r.effective_cost_nanos),
        ]),
      ).toEqual([
        ['300000000', '259171520000000'],
        ['-1000000001', '637721'],
      ]);
      const [daily] = await knex('cost_daily').select(
        'billed_cost_nanos',
        'effective_cost_nanos',
        'line_items',
      );
      expect(String(daily.billed_cost_nanos)).toBe('-700000001');
      expect(String(daily.effective_cost_nanos)).toBe('259171520000000');
      expect(Number(daily.line_items)).toBe(2);
      // The monthly team roll-up starts from what the daily one holds.
      const monthly = await knex('cost_team_monthly').select(
        'team',
        'month',
        knex.raw('CAST(billed_cost_nanos AS TEXT) AS billed'),
        'line_items',
      );
      expect(
        monthly.map(r => [r.team, r.month, r.billed, Number(r.line_items)]),
      ).toEqual([['group:default/search', '2024-09-01', '-700000001', 2]]);
      // The columns are required after the table rebuild SQLite needs.
      await expect(
        knex('cost_line_items').insert({
          ...lineItem(0, 0),
          billed_cost: undefined,
          effective_cost: undefined,
          effective_cost_nanos: 1,
        }),
      ).rejects.toThrow();

      await knex.migrate.down({ directory }); // the team × day roll-up
      await knex.migrate.down({ directory }); // the Parquet files' line-item ids
      await knex.migrate.down({ directory }); // the serving splits
      await knex.migrate.down({ directory }); // the Parquet line-item files
      await knex.migrate.down({ directory }); // GPU costs and budgets
      await knex.migrate.down({ directory }); // the drill-down indexes
      await knex.migrate.down({ directory });
      expect(await knex.schema.hasTable('cost_team_monthly')).toBe(false);
      await knex.migrate.down({ directory });
      expect(
        await knex.schema.hasColumn('cost_line_items', 'billed_cost_nanos'),
      ).toBe(false);
      const back = await knex('cost_line_items')
        .select('billed_cost', 'effective_cost')
        .orderBy('id');
      expect(
        back.map(r => [Number(r.billed_cost), Number(r.effective_cost)]),
      ).toEqual([
        [0.3, 259171.52],
        [-1.000000001, 0.000637721],
      ]);
      // PostgreSQL keeps the rolled-back amounts as exact decimals (text);
      // SQLite has no decimal type and answers numbers.
      const isPg = knex.client.config.client === 'pg';
      expect(back.map(r => [r.billed_cost, r.effective_cost])).toEqual(
        isPg
          ? [
              ['0.300000000', '259171.520000000'],
              ['-1.000000001', '0.000637721'],
            ]
          : [
              [0.3, 259171.52],
              [-1.000000001, 0.000637721],
            ],
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'turn double GPU costs and budgets into exact nano-units, on %p, and back on rollback',
    async databaseId => {
      const knex = await databases.init(databaseId);
      for (const name of MIGRATIONS_BEFORE_GPU_NANOS) {
        await knex.migrate.up({ directory, name });
      }
      const gpuDay = (rate: number, allocated: number, used: number) => ({
        day: '2024-09-02',
        cluster: 'gpu-prod',
        team: 'group:default/search',
        gpu_class: 'h100',
        grant_id: 'grant-1',
        gpu_hours_allocated: 3,
        gpu_hours_used: 1,
        hourly_rate: rate,
        allocated_cost: allocated,
        used_cost: used,
        currency: 'USD',
      });
      // 3 * 4.1 is 12.299999999999999 and 0.1 + 0.2 is 0.30000000000000004.
      await knex('cost_gpu_daily').insert([
        gpuDay(4.1, 3 * 4.1, 0.1 + 0.2),
        gpuDay(0.0006377212, -1.000000001, 259171.52),
      ]);
      const budget = (id: string, groupRef: string, amount: number) => ({
        id,
        group_ref: groupRef,
        amount,
        currency: 'USD',
        updated_by: 'user:default/sam',
        updated_at: '2024-09-01T00:00:00Z',
      });
      await knex('cost_budgets').insert([
        budget('b1', 'group:default/search', 1234.56),
        budget('b2', 'group:default/infra', 0.1 + 0.7),
      ]);

      await knex.migrate.latest({ directory });
      for (const [table, column] of [
        ['cost_gpu_daily', 'hourly_rate'],
        ['cost_gpu_daily', 'allocated_cost'],
        ['cost_gpu_daily', 'used_cost'],
        ['cost_budgets', 'amount'],
      ]) {
        expect(await knex.schema.hasColumn(table, column)).toBe(false);
      }
      const gpu = await knex('cost_gpu_daily')
        .select(
          knex.raw('CAST(hourly_rate_nanos AS TEXT) AS rate'),
          knex.raw('CAST(allocated_cost_nanos AS TEXT) AS allocated'),
          knex.raw('CAST(used_cost_nanos AS TEXT) AS used'),
          'gpu_hours_allocated',
        )
        .orderBy('id');
      expect(
        gpu.map(r => [
          r.rate,
          r.allocated,
          r.used,
          Number(r.gpu_hours_allocated),
        ]),
      ).toEqual([
        ['4100000000', '12300000000', '300000000', 3],
        ['637721', '-1000000001', '259171520000000', 3],
      ]);
      const budgets = await knex('cost_budgets')
        .select('id', knex.raw('CAST(amount_nanos AS TEXT) AS nanos'))
        .orderBy('id');
      expect(budgets.map(r => [r.id, r.nanos])).toEqual([
        ['b1', '1234560000000'],
        ['b2', '800000000'],
      ]);
      // Required columns, and one budget per group, after SQLite's table rebuild.
      await expect(
        knex('cost_budgets').insert({
          ...budget('b3', 'group:default/other', 0),
          amount: undefined,
        }),
      ).rejects.toThrow();
      await expect(
        knex('cost_budgets').insert({
          ...budget('b4', 'group:default/search', 0),
          amount: undefined,
          amount_nanos: 1,
        }),
      ).rejects.toThrow();

      await knex.migrate.down({ directory }); // the team × day roll-up
      await knex.migrate.down({ directory }); // the Parquet files' line-item ids
      await knex.migrate.down({ directory }); // the serving splits
      await knex.migrate.down({ directory }); // the Parquet line-item files
      await knex.migrate.down({ directory });
      expect(
        await knex.schema.hasColumn('cost_gpu_daily', 'allocated_cost_nanos'),
      ).toBe(false);
      const back = await knex('cost_gpu_daily')
        .select('hourly_rate', 'allocated_cost', 'used_cost')
        .orderBy('id');
      expect(
        back.map(r => [
          Number(r.hourly_rate),
          Number(r.allocated_cost),
          Number(r.used_cost),
        ]),
      ).toEqual([
        [4.1, 12.3, 0.3],
        [0.000637721, -1.000000001, 259171.52],
      ]);
      const budgetsBack = await knex('cost_budgets')
        .select('id', 'amount')
        .orderBy('id');
      expect(budgetsBack.map(r => [r.id, Number(r.amount)])).toEqual([
        ['b1', 1234.56],
        ['b2', 0.8],
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'create the serving split tables with exact bigint columns, on %p, and drop them on rollback',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory });
      const row = {
        day: '2026-12-03',
        cluster: 'gpu-prod',
        namespace: 'ml-platform',
        server_address: 'shared-llm-inference.ml-platform.svc',
        server_entity_ref: 'component:default/shared-llm-inference',
        server_owner: 'group:default/ml-platform',
        consumer_team: 'group:default/search-relevance',
        input_tokens: '9007199254740993',
        output_tokens: '1',
        cost_nanos: '9223372036854775807',
        server_cost_nanos: '9223372036854775807',
        currency: 'USD',
        split_method: 'tokens',
      };
      await knex('cost_serving_splits').insert(row);
      // One row per (day, server, consuming team).
      await expect(knex('cost_serving_splits').insert(row)).rejects.toThrow();
      const [stored] = await knex('cost_serving_splits').select(
        knex.raw('CAST(cost_nanos AS TEXT) AS cost'),
        knex.raw('CAST(input_tokens AS TEXT) AS input'),
      );
      expect(stored).toEqual({
        cost: '9223372036854775807',
        input: '9007199254740993',
      });
      await knex('cost_serving_split_days').insert({
        day: '2026-12-03',
        computed_at: '2026-12-04T05:00:00.000Z',
        servers: 1,
      });

      await knex.migrate.down({ directory }); // the team × day roll-up
      await knex.migrate.down({ directory }); // the Parquet files' line-item ids
      await knex.migrate.down({ directory });
      expect(await knex.schema.hasTable('cost_serving_splits')).toBe(false);
      expect(await knex.schema.hasTable('cost_serving_split_days')).toBe(false);
      expect(await knex.schema.hasTable('cost_line_item_files')).toBe(true);
    },
  );
});
