/**
 * What {@link migrateToLatest} needs of a Knex client.
 *
 * @public
 */
export interface MigratableDatabase {
  /** Knex's migrator. */
  migrate: { latest(config: { directory: string }): Promise<unknown> };
}

/**
 * Options of {@link migrateToLatest}.
 *
 * @public
 */
export interface MigrateToLatestOptions {
  /** The plugin's migrations folder. */
  directory: string;
  /** How long to wait for another replica's migration, in ms (default 120 s). */
  timeoutMs?: number;
  /** Pause between attempts, in ms (default 500). */
  retryMs?: number;
  /**
   * Called when Knex refuses its lock, before waiting: repairs a lock no one
   * holds but no one can take (see `repairDuplicatedMigrationLock`, which
   * `openPluginDatabase` passes); when it repaired, the next try is at once.
   * Default none.
   */
  repairLock?: () => Promise<boolean>;
}

/**
 * Runs a plugin's migrations to the latest, waiting while another replica
 * runs them. Replicas starting together on an empty database race: Knex lets
 * one take its migration lock and fails the others at once ("Migration table
 * is already locked"), and two creating Knex's own tables at the same time
 * collide on PostgreSQL's catalog. Both only mean "someone else is migrating",
 * so this tries again until the migrations are done or the time is up; any
 * other error is thrown as it is. Racing replicas can also leave Knex's lock
 * table with a row each, after which no one can take the lock; `repairLock`
 * undoes that.
 *
 * @public
 */
export async function migrateToLatest(
  db: MigratableDatabase,
  options: MigrateToLatestOptions,
): Promise<void> {
  const { directory, timeoutMs = 120_000, retryMs = 500 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await db.migrate.latest({ directory });
      return;
    } catch (error) {
      if (!isConcurrentMigration(error) || Date.now() + retryMs > deadline) {
        throw error;
      }
      if (isLocked(error) && (await options.repairLock?.())) continue;
      await new Promise(resolve => setTimeout(resolve, retryMs));
    }
  }
}

function isLocked(error: unknown): boolean {
  return error instanceof Error && error.name === 'MigrationLocked';
}

/** Errors that mean another process is migrating the same database. */
function isConcurrentMigration(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (isLocked(error)) return true;
  const code = (error as { code?: unknown }).code;
  // PostgreSQL, when two create one of Knex's tables: unique_violation (on
  // pg_type), duplicate_table, or duplicate_object ('type "knex_migrations"
  // already exists', seen in a fresh clone's run).
  return (
    (code === '23505' || code === '42P07' || code === '42710') &&
    /knex_migrations|pg_type/.test(error.message)
  );
}
