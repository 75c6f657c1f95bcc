import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { cacheSqliteStatements } from './cacheSqliteStatements';
import { migrateToLatest } from './migrateToLatest';
import { repairDuplicatedMigrationLock } from './repairDuplicatedMigrationLock';
import { useWriteAheadLog } from './useWriteAheadLog';

/**
 * Options of {@link openPluginDatabase}.
 *
 * @public
 */
export interface OpenPluginDatabaseOptions {
  /** The plugin's migrations folder. */
  migrationsDirectory: string;
  /** Leaves the schema alone (tests that migrate themselves). */
  skipMigrations?: boolean;
}

/**
 * How every store of the suite opens its database: the plugin's client, in
 * write-ahead-log mode on SQLite ({@link useWriteAheadLog}) with its prepared
 * statements kept for reuse (`cacheSqliteStatements`), migrated to the
 * latest unless `database.migrations.skip` or `skipMigrations` is set
 * (replicas starting together wait for the one that migrates).
 *
 * @public
 */
export async function openPluginDatabase(
  database: DatabaseService,
  options: OpenPluginDatabaseOptions,
): Promise<Knex> {
  const db = await database.getClient();
  await useWriteAheadLog(db);
  cacheSqliteStatements(db);
  if (!database.migrations?.skip && !options.skipMigrations) {
    await migrateToLatest(db, {
      directory: options.migrationsDirectory,
      repairLock: () => repairDuplicatedMigrationLock(db),
    });
  }
  return db;
}
