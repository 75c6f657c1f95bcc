import { resolve } from 'node:path';
import { createTestDatabases } from '@ai-platform/test-utils';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const directory = resolve(__dirname, '../../migrations');
const MIGRATION = '20261231130000_create_cost_line_item_files.js';

const entry = (runId: string) => ({
  provider: 'AWS',
  billing_account_id: 'acct',
  billing_period: '2024-09-01',
  ingest_run_id: runId,
  file_name: `${runId}.parquet`,
  line_items: 9_000_000_000,
});

describe('cost_line_item_files migration', () => {
  it.each(databases.eachSupportedId())(
    'keeps one file per billing period, on %p, and drops the table on rollback',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory });
      await knex('cost_line_item_files').insert(entry('run-1'));
      await expect(
        knex('cost_line_item_files').insert(entry('run-2')),
      ).rejects.toThrow();
      const [row] = await knex('cost_line_item_files').select();
      expect(row.file_name).toBe('run-1.parquet');
      expect(String(row.line_items)).toBe('9000000000');

      await knex.migrate.down({ directory, name: MIGRATION });
      expect(await knex.schema.hasTable('cost_line_item_files')).toBe(false);
      expect(await knex.schema.hasTable('cost_daily')).toBe(true);
    },
  );
});
