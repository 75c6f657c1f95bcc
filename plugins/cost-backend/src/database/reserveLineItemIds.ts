import { Knex } from 'knex';
import { TABLES } from './tables';

/**
 * Reserves `count` ids of `cost_line_items.id` (its PostgreSQL sequence or
 * SQLite's AUTOINCREMENT counter) and returns the first. A Parquet file's
 * line items take these ids, so they page in one (day, id) order with the
 * database's line items and never share an id with one. Call it inside the
 * ingest's transaction, under the ingest lock: nothing else inserts line
 * items then. On PostgreSQL a rolled-back ingest leaves a gap, as any
 * rolled-back insert does.
 */
export async function reserveLineItemIds(
  trx: Knex.Transaction,
  count: bigint,
): Promise<bigint> {
  if (count < 1n) throw new Error('count must be at least 1');
  const table = TABLES.lineItems;
  if (trx.client.config.client === 'pg') {
    const { rows } = await trx.raw(
      `SELECT setval(pg_get_serial_sequence(?, 'id'),
         nextval(pg_get_serial_sequence(?, 'id')) + ?::bigint - 1)::text AS last`,
      [table, table, String(count)],
    );
    return BigInt(rows[0].last) - count + 1n;
  }
  // AUTOINCREMENT takes the larger of sqlite_sequence and max(id), plus one.
  const [{ top }] = await trx.raw(
    `SELECT CAST(max(
       coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0),
       coalesce((SELECT max(id) FROM ${table}), 0)) AS TEXT) AS top`,
    [table],
  );
  const last = String(BigInt(top) + count);
  // sqlite_sequence has no column types: without the cast the value stays text.
  const known = await trx('sqlite_sequence')
    .first('name')
    .where({ name: table });
  if (known) {
    await trx.raw(
      'UPDATE sqlite_sequence SET seq = CAST(? AS INTEGER) WHERE name = ?',
      [last, table],
    );
  } else {
    await trx.raw(
      'INSERT INTO sqlite_sequence (name, seq) VALUES (?, CAST(? AS INTEGER))',
      [table, last],
    );
  }
  return BigInt(top) + 1n;
}
