import { resolve } from 'node:path';
import { createTestDatabases } from '@ai-platform/test-utils';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const directory = resolve(__dirname, '../../migrations');

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
    },
  );
});
