import { Knex } from 'knex';
import {
  createTestDatabases,
  POSTGRES_URL_VARIABLE,
} from './createTestDatabases';

const databases = createTestDatabases();

const expectedVersion: Record<string, RegExp> = {
  POSTGRES_15: /^PostgreSQL 15\./,
  SQLITE_3: /^SQLite 3\./,
};

/** Asks the server itself which engine it is, so a mix-up cannot pass. */
async function serverVersion(knex: Knex): Promise<string> {
  if (knex.client.config.client === 'pg') {
    const result = await knex.raw('select version() as version');
    return result.rows[0].version;
  }
  const [row] = await knex.raw('select sqlite_version() as version');
  return `SQLite ${row.version}`;
}

describe('createTestDatabases', () => {
  it('includes PostgreSQL whenever the test command provides one', () => {
    const ids = databases.eachSupportedId().map(([id]) => id);
    expect(ids).toContain('SQLITE_3');
    expect(ids.includes('POSTGRES_15')).toBe(
      Boolean(process.env[POSTGRES_URL_VARIABLE]),
    );
  });

  it.each(databases.eachSupportedId())(
    'runs a migration, a transaction and a query on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);

      await knex.schema.createTable('grants', table => {
        table.string('id').primary();
        table.integer('gpus').notNullable();
      });
      await knex.transaction(async tx => {
        await tx('grants').insert([
          { id: 'a', gpus: 2 },
          { id: 'b', gpus: 6 },
        ]);
      });
      const [{ total }] = await knex('grants').sum({ total: 'gpus' });
      expect(Number(total)).toBe(8);

      expect(await serverVersion(knex)).toMatch(expectedVersion[databaseId]);
    },
  );
});
