import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POSTGRES_URL_VARIABLE } from '@ai-platform/test-utils';
import knexFactory from 'knex';
import { databaseConfig } from '../../security/__testUtils__/databaseSnapshot';

/** A database engine the suite backend runs on in these tests. */
export type SuiteEngine = 'sqlite' | 'postgres';

/**
 * The engines to run on: SQLite always, PostgreSQL when its URL is set, and
 * always under CI (where a missing URL fails the test instead of skipping).
 */
export function suiteEngines(): SuiteEngine[] {
  return process.env[POSTGRES_URL_VARIABLE] || process.env.CI
    ? ['sqlite', 'postgres']
    : ['sqlite'];
}

/**
 * Fresh `backend.database` settings for one backend start: a new SQLite
 * directory, or a new PostgreSQL database prefix (each plugin gets its own
 * database), removed again by `cleanup()`.
 */
export function freshDatabase(engine: SuiteEngine, name: string) {
  if (engine === 'sqlite') {
    const directory = mkdtempSync(join(tmpdir(), `suite-${name}-`));
    return {
      config: databaseConfig({ engine, directory }),
      cleanup: async () => rmSync(directory, { recursive: true, force: true }),
    };
  }
  const url = process.env[POSTGRES_URL_VARIABLE];
  if (!url) throw new Error(`${POSTGRES_URL_VARIABLE} is not set`);
  const prefix = `suite_${name}_${process.pid}_${Date.now()}_`;
  return {
    config: databaseConfig({ engine, url, prefix }),
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
