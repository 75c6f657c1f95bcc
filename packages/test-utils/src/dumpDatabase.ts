import { Knex } from 'knex';

/**
 * The plugin's own tables (migration bookkeeping and SQLite internals left
 * out), sorted, on SQLite and PostgreSQL.
 */
export async function listTables(knex: Knex): Promise<string[]> {
  const tables: string[] =
    knex.client.config.client === 'pg'
      ? (
          await knex
            .select('table_name')
            .from('information_schema.tables')
            .whereRaw('table_schema = current_schema()')
        ).map((r: { table_name: string }) => r.table_name)
      : (
          await knex.select('name').from('sqlite_master').where('type', 'table')
        ).map((r: { name: string }) => r.name);
  return tables
    .filter(t => !t.startsWith('knex_') && !t.startsWith('sqlite_'))
    .sort();
}

/**
 * Every row of the plugin's tables, each table's rows sorted, so two dumps
 * compare equal exactly when the data is the same. Works on SQLite and
 * PostgreSQL.
 */
export async function dumpDatabase(
  knex: Knex,
): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  for (const table of await listTables(knex)) {
    const rows = await knex.select('*').from(table);
    dump[table] = rows.map(r => JSON.stringify(r)).sort();
  }
  return dump;
}
