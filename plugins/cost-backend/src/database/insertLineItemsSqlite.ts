import { Knex } from 'knex';
import { AllocatedLineItem } from '../ingest/types';
import { LINE_ITEM_COLUMNS, lineItemValues } from './lineItemColumns';
import { TABLES } from './tables';

/**
 * Rows per insert statement: 20 bindings a row stays under SQLite's 32,766
 * parameters.
 */
const BATCH_ROWS = 1000;

interface Statement {
  run(...values: Array<string | null>): unknown;
}
interface SqliteConnection {
  prepare(sql: string): Statement;
}

function insertSql(rows: number): string {
  const row = `(${LINE_ITEM_COLUMNS.map(() => '?').join(', ')})`;
  return `INSERT INTO ${TABLES.lineItems} (${LINE_ITEM_COLUMNS.join(
    ', ',
  )}) VALUES ${Array(rows).fill(row).join(', ')}`;
}

/**
 * SQLite: line items as multi-row inserts on the transaction's connection,
 * the full-size statement prepared once per ingest (knex would rebuild and
 * re-prepare it for every batch). File values are bound, never inlined.
 */
export async function insertLineItemsSqlite(options: {
  trx: Knex.Transaction;
  runId: string;
  batches: AsyncIterable<AllocatedLineItem[]>;
  onBatch: (batch: AllocatedLineItem[]) => void;
}): Promise<void> {
  const { trx, runId, batches, onBatch } = options;
  const values = (items: AllocatedLineItem[]) =>
    items.flatMap(item => lineItemValues(runId, item));
  let full: Statement;
  let last: (sql: string) => Statement;
  if (trx.client.config.client === 'better-sqlite3') {
    // Inside a transaction knex hands out the transaction's own connection.
    const connection: SqliteConnection = await trx.client.acquireConnection();
    full = connection.prepare(insertSql(BATCH_ROWS));
    last = sql => connection.prepare(sql);
  } else {
    // Another SQLite driver (node-sqlite3): through knex, one batch at a time.
    const raw = (sql: string): Statement => ({
      run: (...bindings) => trx.raw(sql, bindings),
    });
    full = raw(insertSql(BATCH_ROWS));
    last = raw;
  }
  let pending: AllocatedLineItem[] = [];
  const flush = (items: AllocatedLineItem[], statement: Statement) =>
    statement.run(...values(items));
  for await (const batch of batches) {
    onBatch(batch);
    pending = pending.concat(batch);
    while (pending.length >= BATCH_ROWS) {
      await flush(pending.slice(0, BATCH_ROWS), full);
      pending = pending.slice(BATCH_ROWS);
    }
  }
  if (pending.length) {
    await flush(pending, last(insertSql(pending.length)));
  }
}
