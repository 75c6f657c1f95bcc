import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { PluginDatabases } from './api';

/** One ingest run's line items of a billing period, wherever they are kept. */
export interface StoredLineItems {
  run: string;
  n: number;
  billedCents: number;
}

/**
 * The line items of a billing period per ingest run: the rows of
 * `cost_line_items` (the JavaScript ingest) and the rows of the period in
 * the Parquet files `cost_line_item_files` names (the DuckDB ingest, the
 * default), read with DuckDB from the replicas' shared line-item folder.
 */
export async function storedLineItems(
  dbs: PluginDatabases,
  lineItemsDirectory: string,
  period: string,
): Promise<StoredLineItems[]> {
  const rows: Array<Record<string, string | number>> = await dbs
    .of('cost')('cost_line_items')
    .where({ billing_period: period })
    .groupBy('ingest_run_id')
    .select('ingest_run_id')
    .count({ n: '*' })
    .sum({ billed: 'billed_cost_nanos' });
  const fromDatabase = rows.map(r => ({
    run: r.ingest_run_id as string,
    n: Number(r.n),
    // Amounts are stored in nano-units (10^-9).
    billedCents: Math.round(Number(r.billed) / 10_000_000),
  }));
  const files: Array<{ ingest_run_id: string; file_name: string }> = await dbs
    .of('cost')('cost_line_item_files')
    .where({ billing_period: period })
    .select('ingest_run_id', 'file_name');
  if (files.length === 0) return fromDatabase;
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const connection = await instance.connect();
  try {
    const fromFiles: StoredLineItems[] = [];
    for (const file of files) {
      const statement = await connection.prepare(
        `SELECT count(*)::BIGINT, coalesce(sum(billed_cost::DECIMAL(38, 2)), 0)::VARCHAR
           FROM read_parquet($1) WHERE billing_period = $2`,
      );
      statement.bindVarchar(1, join(lineItemsDirectory, file.file_name));
      statement.bindVarchar(2, period);
      const [[count, billed]] = (await statement.runAndReadAll()).getRows();
      fromFiles.push({
        run: file.ingest_run_id,
        n: Number(count),
        billedCents: Math.round(Number(billed) * 100),
      });
    }
    return [...fromDatabase, ...fromFiles];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
