import { QUOTA_HOLDING_STATUSES } from '@ai-platform/plugin-gpu-provisioning-common';
import { Knex } from 'knex';
import { HeldInterval, intervalPeak } from './intervalPeak';
import { LEDGER, REQUESTS, timestamp } from './requestRows';
import { whereRefIn } from './whereCriteria';

/*
 * The time-interval side of the quota ledger. A quota-holding request holds
 * its GPUs over [start_at, expires_at): an immediate request from before now
 * (start_at null) and, until its end is known, for ever (a request waiting
 * for an approver may start any time). Admission of a window checks the peak
 * of the overlapping intervals against the team's quota and the cluster's
 * capacity of the class.
 */

/** Whether `db` is PostgreSQL, where rows are locked for update. */
export function isPostgres(db: Knex | Knex.Transaction): boolean {
  return db.client.config.client === 'pg';
}

function toMs(value: Date | string | null, otherwise: number): number {
  return value === null || value === undefined
    ? otherwise
    : new Date(value).getTime();
}

/**
 * GPUs held by quota-holding requests of `quotaKey` overlapping `[from, to)`,
 * of a team or on a cluster.
 */
export async function heldIntervals(
  db: Knex | Knex.Transaction,
  options: {
    quotaKey: string;
    from: number;
    to: number;
    team?: string;
    cluster?: string;
  },
): Promise<HeldInterval[]> {
  const { quotaKey, from, to, team, cluster } = options;
  const query = db(REQUESTS)
    .whereIn('status', QUOTA_HOLDING_STATUSES as string[])
    .where('quota_key', quotaKey)
    .where(b =>
      b
        .whereNull('expires_at')
        .orWhere('expires_at', '>', timestamp(new Date(from))),
    );
  if (Number.isFinite(to)) {
    query.where(b =>
      b.whereNull('start_at').orWhere('start_at', '<', timestamp(new Date(to))),
    );
  }
  if (team !== undefined) whereRefIn(query, 'team', [team]);
  if (cluster !== undefined) query.where('cluster', cluster);
  const rows: Array<{
    start_at: Date | string | null;
    expires_at: Date | string | null;
    gpu_count: number | string;
  }> = await query.select('start_at', 'expires_at', 'gpu_count');
  return rows.map(row => ({
    start: toMs(row.start_at, -Infinity),
    end: toMs(row.expires_at, Infinity),
    count: Number(row.gpu_count),
  }));
}

/**
 * Locks the team's ledger row of `quotaKey` (created when missing) until the
 * transaction ends and returns it. The immediate path's conditional statement
 * updates the same row, so the two cannot interleave on PostgreSQL; SQLite
 * runs one writer at a time, and the insert makes this transaction the writer.
 */
export async function lockLedgerRow(
  tx: Knex.Transaction,
  team: string,
  quotaKey: string,
): Promise<{ reserved: number; scheduled: number }> {
  await tx(LEDGER)
    .insert({ team, quota_key: quotaKey, reserved: 0, scheduled: 0 })
    .onConflict(['team', 'quota_key'])
    .ignore();
  const query = tx(LEDGER).where({ team, quota_key: quotaKey });
  const row = await (isPostgres(tx) ? query.forUpdate() : query).first(
    'reserved',
    'scheduled',
  );
  return { reserved: Number(row.reserved), scheduled: Number(row.scheduled) };
}

/**
 * Serialises bookings of one class on one cluster across teams until the
 * transaction ends: a PostgreSQL advisory lock (SQLite has one writer).
 * Always taken after the team's ledger row, so two bookings cannot deadlock.
 */
export async function lockClusterClass(
  tx: Knex.Transaction,
  cluster: string,
  quotaKey: string,
): Promise<void> {
  if (!isPostgres(tx)) return;
  await tx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [
    `gpu-provisioning:capacity:${cluster}:${quotaKey}`,
  ]);
}

/** Why a window does not fit: what it would take the peak to, and the limit. */
export interface IntervalRefusal {
  what: 'quota' | 'capacity';
  /** The most GPUs already held at one instant of the window. */
  peak: number;
  limit: number;
}

/**
 * Checks that `count` more GPUs over `[start, end)` keep the team within its
 * quota and, when `capacity` is given, the cluster within its capacity of
 * the class, at every instant. Call it in the transaction that records the
 * booking, after {@link lockLedgerRow} (and {@link lockClusterClass} with a
 * capacity).
 *
 * @returns undefined when the window fits.
 */
export async function checkInterval(
  tx: Knex.Transaction,
  options: {
    team: string;
    cluster: string;
    quotaKey: string;
    start: number;
    end: number;
    count: number;
    quotaLimit: number;
    capacity?: number;
  },
): Promise<IntervalRefusal | undefined> {
  const { team, cluster, quotaKey, start, end, count } = options;
  const window = { quotaKey, from: start, to: end };
  const teamPeak = intervalPeak(
    await heldIntervals(tx, { ...window, team }),
    start,
    end,
  );
  if (teamPeak + count > options.quotaLimit) {
    return { what: 'quota', peak: teamPeak, limit: options.quotaLimit };
  }
  if (options.capacity !== undefined) {
    const clusterPeak = intervalPeak(
      await heldIntervals(tx, { ...window, cluster }),
      start,
      end,
    );
    if (clusterPeak + count > options.capacity) {
      return { what: 'capacity', peak: clusterPeak, limit: options.capacity };
    }
  }
  return undefined;
}
