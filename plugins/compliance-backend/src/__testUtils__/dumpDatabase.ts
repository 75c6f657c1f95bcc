import { Knex } from 'knex';

/**
 * Every row of the plugin's tables (migration bookkeeping excluded), each
 * table's rows sorted, so two dumps compare equal exactly when the data is
 * the same. Works on SQLite and PostgreSQL.
 */
export async function dumpDatabase(
  knex: Knex,
): Promise<Record<string, string[]>> {
  const client = knex.client.config.client;
  const tables: string[] =
    client === 'pg'
      ? (
          await knex
            .select('table_name')
            .from('information_schema.tables')
            .whereRaw('table_schema = current_schema()')
        ).map((r: { table_name: string }) => r.table_name)
      : (
          await knex.select('name').from('sqlite_master').where('type', 'table')
        ).map((r: { name: string }) => r.name);
  const dump: Record<string, string[]> = {};
  for (const table of tables.sort()) {
    if (table.startsWith('knex_') || table.startsWith('sqlite_')) continue;
    const rows = await knex.select('*').from(table);
    dump[table] = rows.map(r => JSON.stringify(r)).sort();
  }
  return dump;
}
