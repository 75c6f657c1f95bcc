import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { useWriteAheadLog } from './useWriteAheadLog';

/**
 * A plugin's database service whose client is in write-ahead-log mode with
 * the suite's durability level ({@link useWriteAheadLog}) on SQLite; other
 * engines as they are. The client is made once, as the default gives it.
 *
 * For an app's database service factory, so every plugin's SQLite database
 * is in that mode, Backstage's own too: in SQLite's default rollback journal
 * every commit syncs the file, and better-sqlite3 commits on the event loop.
 * See the README for the factory.
 *
 * @public
 */
export function withWriteAheadLog(database: DatabaseService): DatabaseService {
  let client: Promise<Knex> | undefined;
  return {
    migrations: database.migrations,
    getClient: () =>
      (client ??= database.getClient().then(async db => {
        await useWriteAheadLog(db);
        return db;
      })),
  };
}
