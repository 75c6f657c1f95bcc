import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { withWriteAheadLog } from '@ai-platform/plugin-ai-platform-node';

/**
 * The database service of `@backstage/backend-defaults` (same config, same
 * in-memory SQLite when `backend.database` is absent), with every plugin's
 * SQLite database in write-ahead-log mode, not only the suite's stores.
 *
 * Why: in SQLite's default rollback journal every commit syncs the file on
 * the event loop. Under load the notifications backend's inserts, one per
 * grant warned by the GPU lifecycle loop, took ~20 ms each and stalled every
 * request for seconds.
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
