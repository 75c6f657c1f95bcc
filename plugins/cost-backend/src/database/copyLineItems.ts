import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Knex } from 'knex';
import { from as copyFrom } from 'pg-copy-streams';
import { AllocatedLineItem } from '../ingest/types';
import { LINE_ITEM_COLUMNS, lineItemValues } from './lineItemColumns';
import { TABLES } from './tables';

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};
const SPECIAL = /[\\\t\n\r]/g;

/**
 * A value in COPY's text format: file values travel as data, never as SQL,
 * with backslash, tab and line ends escaped and null as `\N`.
 */
export function copyValue(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(SPECIAL, c => ESCAPES[c]);
}

/**
 * PostgreSQL: streams line items into `cost_line_items` with one
 * `COPY ... FROM STDIN` on the transaction's connection, a batch at a time
 * (bounded memory: the stream's back-pressure holds the reader). `onBatch`
 * sees every batch before it is written.
 */
export async function copyLineItems(options: {
  trx: Knex.Transaction;
  runId: string;
  batches: AsyncIterable<AllocatedLineItem[]>;
  onBatch: (batch: AllocatedLineItem[]) => void;
}): Promise<void> {
  const { trx, runId, batches, onBatch } = options;
  // Inside a transaction knex hands out the transaction's own connection.
  const connection = await trx.client.acquireConnection();
  const copy = connection.query(
    copyFrom(
      `COPY ${TABLES.lineItems} (${LINE_ITEM_COLUMNS.join(
        ', ',
      )}) FROM STDIN WITH (FORMAT text)`,
    ),
  );
  async function* text() {
    for await (const batch of batches) {
      onBatch(batch);
      let chunk = '';
      for (const item of batch) {
        chunk += `${lineItemValues(runId, item).map(copyValue).join('\t')}\n`;
      }
      yield chunk;
    }
  }
  await pipeline(Readable.from(text()), copy);
}
