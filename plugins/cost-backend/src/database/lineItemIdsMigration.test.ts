import { resolve } from 'node:path';
import { createTestDatabases } from '@ai-platform/test-utils';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const directory = resolve(__dirname, '../../migrations');
const MIGRATION = '20270102120000_add_line_item_ids_to_files.js';

const lineItem = {
  ingest_run_id: 'run-js',
  provider: 'AWS',
  billing_account_id: 'acct',
  billing_period: '2024-08-01',
  day: '2024-08-02',
  service_name: 'Amazon EC2',
  charge_category: 'Usage',
  currency: 'USD',
  billed_cost_nanos: '1',
  effective_cost_nanos: '1',
  team: 'group:default/search',
};

const file = (name: string, period: string) => ({
  provider: 'AWS',
  billing_account_id: 'acct',
  billing_period: period,
  ingest_run_id: name,
  file_name: `${name}.parquet`,
  line_items: 10,
});

describe('line-item ids of Parquet files migration', () => {
  it.each(databases.eachSupportedId())(
    'gives each earlier file its own block of ids past the line items, on %p, and rolls back',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({
        directory,
        name: '20261122120000_create_cost_tables.js',
      });
      while (
        (await knex.migrate.currentVersion({ directory })) < '20270101120000'
      ) {
        await knex.migrate.up({ directory });
      }
      await knex('cost_line_items').insert([lineItem, lineItem, lineItem]);
      const [{ max }] = await knex('cost_line_items').max({ max: 'id' });
      await knex('cost_line_item_files').insert([
        file('a', '2024-09-01'),
        file('a', '2024-10-01'),
        file('b', '2024-11-01'),
      ]);

      await knex.migrate.up({ directory, name: MIGRATION });
      const rows = await knex('cost_line_item_files')
        .select(
          'file_name',
          'line_numbered',
          knex.raw('CAST(first_line_item_id AS TEXT) AS first_id'),
        )
        .orderBy(['file_name', 'billing_period']);
      const firsts = rows.map(r => BigInt(r.first_id));
      // One block per file, shared by its periods, after every existing line item.
      expect(firsts[0]).toBe(BigInt(max) + 1n);
      expect(firsts[1]).toBe(firsts[0]);
      expect(firsts[2]).toBe(firsts[0] + 2n ** 32n);
      expect(rows.map(r => Boolean(r.line_numbered))).toEqual([
        false,
        false,
        false,
      ]);
      // The next line item of the JavaScript path comes after both blocks.
      const [inserted] = await knex('cost_line_items').insert(lineItem, ['id']);
      expect(BigInt(inserted.id ?? inserted)).toBe(firsts[2] + 2n ** 32n);

      await knex.migrate.down({ directory, name: MIGRATION });
      expect(
        await knex.schema.hasColumn(
          'cost_line_item_files',
          'first_line_item_id',
        ),
      ).toBe(false);
      expect(
        await knex.schema.hasColumn('cost_line_item_files', 'line_numbered'),
      ).toBe(false);
      expect(
        Number((await knex('cost_line_item_files').count({ n: '*' }))[0].n),
      ).toBe(3);
    },
  );
});
