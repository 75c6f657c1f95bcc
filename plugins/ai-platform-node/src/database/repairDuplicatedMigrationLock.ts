import { Knex } from 'knex';

/** Knex's migration lock table, beside its default `knex_migrations`. */
const LOCK_TABLE = 'knex_migrations_lock';

/**
 * Repairs the state in which Knex's migration lock can never be taken again:
 * replicas creating Knex's tables together each see an empty lock table and
 * each insert its one row, and Knex takes the lock only when its update
 * changes exactly one row. With every row unlocked (nobody holds the lock;
 * a lock is only ever taken on a single row) the extra rows are deleted.
 * Returns whether it repaired anything. Safe when replicas repair together.
 */
export async function repairDuplicatedMigrationLock(
  db: Knex,
): Promise<boolean> {
  if (!(await db.schema.hasTable(LOCK_TABLE))) return false;
  const rows: Array<{ index: number; is_locked: number | string }> = await db(
    LOCK_TABLE,
  )
    .select('index', 'is_locked')
    .orderBy('index');
  if (rows.length < 2 || rows.some(row => Number(row.is_locked) !== 0)) {
    return false;
  }
  await db(LOCK_TABLE).where('index', '>', rows[0].index).delete();
  return true;
}
