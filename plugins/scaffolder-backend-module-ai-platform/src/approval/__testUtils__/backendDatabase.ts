import { POSTGRES_URL_VARIABLE } from '@ai-platform/test-utils';
import knexFactory from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A database engine a test backend runs on. */
export type Engine = 'sqlite' | 'postgres';

/** SQLite always; PostgreSQL too when its URL is set, and always under CI (where a missing URL fails). */
export function engines(): Engine[] {
  return process.env[POSTGRES_URL_VARIABLE] || process.env.CI
    ? ['sqlite', 'postgres']
    : ['sqlite'];
}

/**
 * `backend.database` settings that outlive one backend, so a second backend
 * started on them finds the first one's data: SQLite files in a new folder,
 * or PostgreSQL databases under a new prefix (one per plugin). `cleanup()`
 * removes them.
 */
export function backendDatabase(engine: Engine, name: string) {
  if (engine === 'sqlite') {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-db-`));
    return {
      config: { client: 'better-sqlite3', connection: { directory } },
      cleanup: async () =>
        fs.rmSync(directory, { recursive: true, force: true }),
    };
  }
  const url = process.env[POSTGRES_URL_VARIABLE];
  if (!url) throw new Error(`${POSTGRES_URL_VARIABLE} is not set`);
  const prefix = `${name.replace(/-/g, '_')}_${process.pid}_${Date.now()}_`;
  return {
    config: {
      client: 'pg',
      connection: url,
      prefix,
      pluginDivisionMode: 'database',
    },
    cleanup: async () => {
      const admin = knexFactory({ client: 'pg', connection: url });
      try {
        const { rows } = await admin.raw(
          'select datname from pg_database where starts_with(datname, ?)',
          [prefix],
        );
        for (const { datname } of rows as Array<{ datname: string }>) {
          await admin.raw('drop database if exists ?? with (force)', [datname]);
        }
      } finally {
        await admin.destroy();
      }
    },
  };
}
