import { Knex } from 'knex';

/**
 * Reservations of a class (quota key) on a cluster, across teams: while a
 * cluster's count is zero, immediate requests on it keep the one
 * conditional statement ({@link reserveQuota}); otherwise they are checked
 * against its capacity beside the bookings, under the bookings' lock.
 */
export const CAPACITY_BOOKINGS = 'gpu_capacity_bookings';

/**
 * Creates the cluster's row of the class in its own statement, before the
 * booking's transaction, so an immediate request's conditional statement
 * finds a row to wait on while a booking changes it.
 */
export async function ensureCapacityRow(
  db: Knex,
  cluster: string,
  quotaKey: string,
): Promise<void> {
  await db(CAPACITY_BOOKINGS)
    .insert({ cluster, quota_key: quotaKey, scheduled: 0 })
    .onConflict(['cluster', 'quota_key'])
    .ignore();
}

/** Counts one more (or one fewer) reservation of the class on the cluster. */
export async function countCapacityBooking(
  tx: Knex.Transaction,
  options: { cluster: string; quotaKey: string; by: 1 | -1 },
): Promise<void> {
  const { cluster, quotaKey, by } = options;
  if (by > 0) {
    await tx(CAPACITY_BOOKINGS)
      .insert({ cluster, quota_key: quotaKey, scheduled: 1 })
      .onConflict(['cluster', 'quota_key'])
      .merge({ scheduled: tx.raw('??.scheduled + 1', [CAPACITY_BOOKINGS]) });
  } else {
    await tx(CAPACITY_BOOKINGS)
      .where({ cluster, quota_key: quotaKey })
      .where('scheduled', '>', 0)
      .decrement('scheduled', 1);
  }
}

/** Reservations of the class on the cluster (0 without a row). */
export async function readCapacityBookings(
  db: Knex | Knex.Transaction,
  cluster: string,
  quotaKey: string,
): Promise<number> {
  const row = await db(CAPACITY_BOOKINGS)
    .where({ cluster, quota_key: quotaKey })
    .first('scheduled');
  return Number(row?.scheduled ?? 0);
}
