import { createHash } from 'node:crypto';
import { listTables } from '@ai-platform/test-utils';
import knexFactory, { Knex } from 'knex';

/** The plugins of the suite that keep state in a database of their own. */
export const STATEFUL_PLUGINS = [
  'gpu-provisioning',
  'cost',
  'compliance',
  'approvals',
];

/** How the test backend's database manager is configured, per engine. */
export type DatabaseTarget =
  | { engine: 'sqlite'; directory: string }
  | { engine: 'postgres'; url: string; prefix: string };

/** The `backend.database` config for a target. */
export function databaseConfig(target: DatabaseTarget) {
  return target.engine === 'sqlite'
    ? { client: 'better-sqlite3', connection: { directory: target.directory } }
    : {
        client: 'pg',
        connection: target.url,
        prefix: target.prefix,
        pluginDivisionMode: 'database',
      };
}

/**
 * Reads every table of the suite's plugin databases straight from the
 * engine (not through the plugins) and condenses them into one digest, so a
 * test can show that a refused request changed nothing.
 */
export class DatabaseSnapshot {
  private constructor(private readonly clients: Map<string, Knex>) {}

  static open(target: DatabaseTarget): DatabaseSnapshot {
    const clients = new Map<string, Knex>();
    for (const pluginId of STATEFUL_PLUGINS) {
      clients.set(
        pluginId,
        target.engine === 'sqlite'
          ? knexFactory({
              client: 'better-sqlite3',
              connection: {
                filename: `${target.directory}/${pluginId}.sqlite`,
              },
              useNullAsDefault: true,
            })
          : knexFactory({
              client: 'pg',
              connection: `${target.url}/${target.prefix}${pluginId}`,
            }),
      );
    }
    return new DatabaseSnapshot(clients);
  }

  /** A digest of every row of every table, with each table's row count. */
  async digest(): Promise<Record<string, string>> {
    const digests: Record<string, string> = {};
    for (const [pluginId, knex] of this.clients) {
      for (const [table, digest] of Object.entries(await digestOf(knex))) {
        digests[`${pluginId}.${table}`] = digest;
      }
    }
    return digests;
  }

  async close() {
    await Promise.all([...this.clients.values()].map(k => k.destroy()));
  }
}

const tablesByClient = new WeakMap<Knex, Promise<string[]>>();

/** Row count and content digest per table; PostgreSQL computes them in one query. */
async function digestOf(knex: Knex): Promise<Record<string, string>> {
  if (!tablesByClient.has(knex)) tablesByClient.set(knex, listTables(knex));
  const tables = await tablesByClient.get(knex)!;
  if (knex.client.config.client === 'pg') {
    const columns = tables.map(
      (table, i) =>
        `(select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from "${table}" t) as "${i}"`,
    );
    const row = (await knex.raw(`select ${columns.join(', ')}`)).rows[0];
    return Object.fromEntries(tables.map((table, i) => [table, row[i]]));
  }
  const digests: Record<string, string> = {};
  for (const table of tables) {
    const rows = await knex(table).select();
    const text = rows
      .map(row => JSON.stringify(row))
      .sort()
      .join('|');
    digests[table] = `${rows.length}:${createHash('sha1')
      .update(text)
      .digest('hex')}`;
  }
  return digests;
}
