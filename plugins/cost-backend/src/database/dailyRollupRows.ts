import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Knex } from 'knex';
import { from as copyFrom } from 'pg-copy-streams';
import { copyValue } from './copyLineItems';
import { TABLES } from './tables';

/** Columns of a billing row of `cost_daily`, in the order of a {@link DailyRollupRow}. */
export const DAILY_ROLLUP_COLUMNS = [
  'provider',
  'billing_account_id',
  'billing_period',
  'day',
  'entity_ref',
  'team',
  'sub_account_id',
  'service_name',
  'gpu_class',
  'currency',
  'billed_cost_nanos',
  'effective_cost_nanos',
  'line_items',
] as const;

/** One billing row of `cost_daily` as text (sums in nano-units), in column order. */
export type DailyRollupRow = Array<string | null>;

/** Rows per SQLite statement: 14 bindings a row stays under 32,766 parameters. */
const SQLITE_ROWS = 1000;

function insertSql(rows: number): string {
  const row = `('billing', ${DAILY_ROLLUP_COLUMNS.map(() => '?').join(', ')})`;
  return `INSERT INTO ${TABLES.daily} (source, ${DAILY_ROLLUP_COLUMNS.join(
    ', ',
  )}) VALUES ${Array(rows).fill(row).join(', ')}`;
}

async function copyRows(
  trx: Knex.Transaction,
  batches: AsyncIterable<DailyRollupRow[]>,
) {
  // Inside a transaction knex hands out the transaction's own connection.
  const connection = await trx.client.acquireConnection();
  const copy = connection.query(
    copyFrom(
      `COPY ${TABLES.daily} (source, ${DAILY_ROLLUP_COLUMNS.join(
        ', ',
      )}) FROM STDIN WITH (FORMAT text)`,
    ),
  );
  async function* text() {
    for await (const batch of batches) {
      let chunk = '';
      for (const row of batch) {
        chunk += `billing\t${row.map(copyValue).join('\t')}\n`;
      }
      yield chunk;
    }
  }
  await pipeline(Readable.from(text()), copy);
}

interface Statement {
  run(...values: Array<string | null>): unknown;
}

async function insertRows(
  trx: Knex.Transaction,
  batches: AsyncIterable<DailyRollupRow[]>,
) {
  let prepare: (sql: string) => Statement;
  if (trx.client.config.client === 'better-sqlite3') {
    // One prepared statement on the transaction's own connection: knex would
    // rebuild the statement's text and bindings for every batch.
    const connection: { prepare(sql: string): Statement } =
      await trx.client.acquireConnection();
    prepare = sql => connection.prepare(sql);
  } else {
    prepare = sql => ({ run: (...values) => trx.raw(sql, values) });
  }
  const full = prepare(insertSql(SQLITE_ROWS));
  let pending: DailyRollupRow[] = [];
  const flush = (rows: DailyRollupRow[]) =>
    (rows.length === SQLITE_ROWS ? full : prepare(insertSql(rows.length))).run(
      ...rows.flat(),
    );
  for await (const batch of batches) {
    pending = pending.concat(batch);
    while (pending.length >= SQLITE_ROWS) {
      await flush(pending.slice(0, SQLITE_ROWS));
      pending = pending.slice(SQLITE_ROWS);
    }
  }
  if (pending.length) await flush(pending);
}

/**
 * Writes billing rows of the daily roll-up in bulk on the transaction:
 * `COPY ... FROM STDIN` on PostgreSQL (every value escaped as data),
 * 1,000-row inserts on SQLite; values are always bound, never inlined.
 */
export async function writeDailyRollupRows(
  trx: Knex.Transaction,
  batches: AsyncIterable<DailyRollupRow[]>,
): Promise<void> {
  if (trx.client.config.client === 'pg') await copyRows(trx, batches);
  else await insertRows(trx, batches);
}
