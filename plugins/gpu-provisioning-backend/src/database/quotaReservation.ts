import { Knex } from 'knex';
import { CAPACITY_BOOKINGS } from './capacityBookings';
import { LEDGER } from './requestRows';

/** Rows a raw statement returned: PostgreSQL wraps them, SQLite does not. */
export function rowsOf<T>(result: T[] | { rows: T[] }): T[] {
  return Array.isArray(result) ? result : result.rows;
}

/** What {@link reserveQuota} reserves, and under which conditions. */
export interface QuotaReservation {
  team: string;
  quotaKey: string;
  count: number;
  limit: number;
  /**
   * Reserve only while the team has no reservations of the key: with
   * reservations, the request's time interval must be checked instead.
   */
  onlyWithoutReservations?: boolean;
  /**
   * With `onlyWithoutReservations`: reserve only while no team has a
   * reservation of the key on this cluster either. On PostgreSQL the
   * cluster's row is share-locked, so a booking changing it waits for this
   * transaction (and this statement for the booking's).
   */
  cluster?: string;
}

/**
 * The conditional statement of {@link reserveQuota}, returning the team's
 * new total (`reserved`) or no row; undefined when `count` exceeds the limit.
 */
export function quotaReservationStatement(
  db: Knex | Knex.Transaction,
  options: QuotaReservation,
): { sql: string; bindings: Array<string | number> } | undefined {
  const { team, quotaKey, count, limit, onlyWithoutReservations } = options;
  if (count > limit) return undefined;
  const withoutReservations = onlyWithoutReservations
    ? ' AND ??.scheduled = 0'
    : '';
  const cluster = onlyWithoutReservations ? options.cluster : undefined;
  const forShare = db.client.config.client === 'pg' ? ' FOR SHARE' : '';
  const withoutBookings =
    cluster !== undefined
      ? ` WHERE COALESCE((SELECT scheduled FROM ?? WHERE cluster = ? AND quota_key = ?${forShare}), 0) = 0`
      : // SQLite needs a WHERE to tell INSERT ... SELECT from its upsert.
        ' WHERE 1 = 1';
  return {
    sql: `INSERT INTO ?? (team, quota_key, reserved)
     SELECT ?, ?, CAST(? AS integer)${withoutBookings}
     ON CONFLICT (team, quota_key)
     DO UPDATE SET reserved = ??.reserved + excluded.reserved
     WHERE ??.reserved + excluded.reserved <= ?${withoutReservations}
     RETURNING reserved`,
    bindings: [
      LEDGER,
      team,
      quotaKey,
      count,
      ...(cluster !== undefined ? [CAPACITY_BOOKINGS, cluster, quotaKey] : []),
      LEDGER,
      LEDGER,
      limit,
      ...(onlyWithoutReservations ? [LEDGER] : []),
    ],
  };
}

/**
 * Reserves `count` of a team's quota key in one conditional statement: the
 * ledger row is created, or raised only while the total stays within
 * `limit`. PostgreSQL checks the condition on the row it holds locked for the
 * update, so concurrent requests on any number of replicas cannot overdraw a
 * quota; SQLite runs one writer at a time.
 *
 * @returns the team's new total, or undefined when the quota has no room.
 */
export async function reserveQuota(
  db: Knex | Knex.Transaction,
  options: QuotaReservation,
): Promise<number | undefined> {
  const statement = quotaReservationStatement(db, options);
  if (!statement) return undefined;
  const result = await db.raw(statement.sql, statement.bindings);
  const [row] = rowsOf<{ reserved: number | string }>(result);
  return row ? Number(row.reserved) : undefined;
}

/**
 * A team's ledger row of a quota key: GPUs its immediate requests hold now
 * and how many reservations it has.
 */
export interface Ledger {
  reserved: number;
  scheduled: number;
}

/** A team's ledger row of a quota key, as one map key. */
export const ledgerKeyOf = (team: string, quotaKey: string) =>
  JSON.stringify([team, quotaKey]);

/** The ledger a row of the table says (zeros when there is none). */
export function ledgerOf(row?: {
  reserved?: number | string;
  scheduled?: number | string;
}): Ledger {
  return {
    reserved: Number(row?.reserved ?? 0),
    scheduled: Number(row?.scheduled ?? 0),
  };
}

/** Reads a team's {@link Ledger} row of a quota key. */
export async function readLedger(
  db: Knex | Knex.Transaction,
  team: string,
  quotaKey: string,
): Promise<Ledger> {
  const row = await db(LEDGER)
    .where({ team, quota_key: quotaKey })
    .first('reserved', 'scheduled');
  return ledgerOf(row);
}

/** What a team has left of a quota key's limit (never below 0). */
export async function quotaLeft(
  db: Knex | Knex.Transaction,
  team: string,
  quotaKey: string,
  limit: number,
): Promise<number> {
  const { reserved } = await readLedger(db, team, quotaKey);
  return Math.max(0, limit - reserved);
}
