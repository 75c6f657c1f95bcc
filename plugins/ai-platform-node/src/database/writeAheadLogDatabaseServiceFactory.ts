import {
  coreServices,
  createServiceFactory,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { Knex } from 'knex';
import { useWriteAheadLog } from './useWriteAheadLog';

/**
 * Every plugin's client in write-ahead-log mode with the suite's durability
 * level ({@link useWriteAheadLog}) on SQLite; other engines as they are.
 */
function withWriteAheadLog(database: DatabaseService): DatabaseService {
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

/**
 * The database service of `@backstage/backend-defaults` (same config, same
 * in-memory SQLite when `backend.database` is absent), with every plugin's
 * SQLite database in write-ahead-log mode, not only the suite's stores.
 *
 * Why: in SQLite's default rollback journal every commit syncs the file, and
 * better-sqlite3 commits on the event loop. A backend whose other plugins
 * write often (notifications, the catalog's stitching, the scheduler's task
 * rows) blocks every request for a sync per commit: under load that was
 * 20 ms per notification insert. Add it to the backend in place of the
 * default: `backend.add(writeAheadLogDatabaseServiceFactory)`.
 *
 * @public
 */
export const writeAheadLogDatabaseServiceFactory = createServiceFactory({
  service: coreServices.database,
  deps: {
    config: coreServices.rootConfig,
    lifecycle: coreServices.lifecycle,
    logger: coreServices.logger,
    pluginMetadata: coreServices.pluginMetadata,
    rootLifecycle: coreServices.rootLifecycle,
    rootLogger: coreServices.rootLogger,
  },
  async createRootContext({ config, rootLifecycle, rootLogger }) {
    const effective = config.getOptional('backend.database')
      ? config
      : new ConfigReader({
          backend: {
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
        });
    return DatabaseManager.fromConfig(effective, { rootLifecycle, rootLogger });
  },
  async factory({ pluginMetadata, lifecycle, logger }, manager) {
    return withWriteAheadLog(
      manager.forPlugin(pluginMetadata.getId(), { lifecycle, logger }),
    );
  },
});
