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
 * removes the SQLite files, and the PostgreSQL databases of ended runs.
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
  const base = name.replace(/-/g, '_');
  const prefix = `${base}_${process.pid}_${Date.now()}_`;
  const ownRun = new RegExp(`^${base}_(\\d+)_\\d+_`);
  return {
    config: {
      client: 'pg',
      connection: url,
      prefix,
      pluginDivisionMode: 'database',
    },
    // A stopped backend's scaffolder still polls its database for a while
    // (task event polls that outlive the request), and dropping the database
    // under those polls fails whichever test file this worker runs next. So
    // this run's databases stay until the process ends, and each run drops
    // those of earlier runs whose process has ended.
    cleanup: async () => {
      const admin = knexFactory({ client: 'pg', connection: url });
      try {
        const { rows } = await admin.raw(
          'select datname from pg_database where starts_with(datname, ?)',
          [`${base}_`],
        );
        for (const { datname } of rows as Array<{ datname: string }>) {
          // Only this name's `<base>_<pid>_<time>_` databases: another name
          // that starts with this one (`a-b` for `a`) is not ours to drop.
          const pid = ownRun.exec(datname)?.[1];
          if (pid && !isRunning(Number(pid))) {
            await admin.raw('drop database if exists ?? with (force)', [
              datname,
            ]);
          }
        }
      } finally {
        await admin.destroy();
      }
    },
  };
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
