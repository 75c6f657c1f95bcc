import { join } from 'node:path';
import knexFactory, { Knex } from 'knex';

export const ENGINES = ['sqlite', 'postgresql'] as const;
export type Engine = (typeof ENGINES)[number];

export function postgresUrl(): string | undefined {
  return (
    process.env.TEST_POSTGRES_URL ??
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
  );
}

/** A fresh database: a SQLite file in `dir`, or a PostgreSQL database of its own. */
export async function openEngine(engine: Engine, dir: string): Promise<Knex> {
  if (engine === 'sqlite') {
    return knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(dir, `cost-${Date.now()}.sqlite`) },
      useNullAsDefault: true,
    });
  }
  return postgresDatabase(postgresUrl()!);
}

export async function closeEngine(engine: Engine, knex: Knex) {
  if (engine === 'postgresql') await dropPostgresDatabase(knex);
  else await knex.destroy();
}

const databaseNames = new WeakMap<Knex, string>();

async function postgresDatabase(pg: string): Promise<Knex> {
  const admin = knexFactory({ client: 'pg', connection: pg });
  const db = `cost_bench_${Date.now()}`;
  await admin.raw(`create database ${db}`);
  await admin.destroy();
  const knex = knexFactory({
    client: 'pg',
    connection: `${pg}/${db}`,
    pool: { min: 0, max: 10 },
  });
  databaseNames.set(knex, db);
  return knex;
}

async function dropPostgresDatabase(knex: Knex) {
  const db = databaseNames.get(knex)!;
  await knex.destroy();
  const admin = knexFactory({ client: 'pg', connection: postgresUrl()! });
  await admin.raw(`drop database if exists ${db}`);
  await admin.destroy();
}
