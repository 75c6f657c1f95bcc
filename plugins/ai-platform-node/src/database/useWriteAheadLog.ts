import { Knex } from 'knex';

/** The statements every SQLite connection of the suite's stores runs first. */
const SQLITE_PRAGMAS = [
  // Readers never wait for the writer, and a commit appends to the log
  // rather than copying pages through a rollback journal.
  'journal_mode = WAL',
  // Durability level: in WAL mode, NORMAL syncs at checkpoints, not at every
  // commit. A commit survives the backend process crashing; an operating
  // system crash or power loss can lose the last commits before it, never
  // corrupt the file. FULL (a sync per commit) costs ~0.8 ms of blocked event
  // loop per transaction on this project's CI machines against ~0.03 ms;
  // deployments that need every commit on disk run PostgreSQL.
  'synchronous = NORMAL',
  // A second process (a CLI, a backup) holding the file briefly is waited for.
  'busy_timeout = 5000',
];

/** A better-sqlite3 connection, as Knex's pool hands it out. */
interface SqliteConnection {
  pragma(source: string): unknown;
}

function isSqlite(db: Knex): boolean {
  const client = db.client.config.client;
  return client === 'better-sqlite3' || client === 'sqlite3';
}

/**
 * Puts a store's SQLite database in write-ahead-log mode with the suite's
 * durability level (see `SQLITE_PRAGMAS`), on the connection open now and on
 * every one the pool opens later. Other engines are left as they are.
 *
 * @returns the journal mode in effect (`wal`, or `memory` for an in-memory
 * database, which has no log), or undefined when the database is not SQLite.
 *
 * @public
 */
export async function useWriteAheadLog(db: Knex): Promise<string | undefined> {
  if (!isSqlite(db)) return undefined;
  db.client.pool?.on(
    'createSuccess',
    (_eventId: unknown, connection: SqliteConnection) => {
      if (typeof connection.pragma !== 'function') return;
      for (const pragma of SQLITE_PRAGMAS) connection.pragma(pragma);
    },
  );
  for (const pragma of SQLITE_PRAGMAS) {
    await db.raw(`PRAGMA ${pragma}`);
  }
  const [row] = await db.raw('PRAGMA journal_mode');
  return row?.journal_mode;
}
