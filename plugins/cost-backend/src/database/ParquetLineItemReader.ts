import { join } from 'node:path';
import {
  DuckDBConnection,
  DuckDBInstance,
  DuckDBPreparedStatement,
  LIST,
  VARCHAR,
} from '@duckdb/node-api';
import { QueryParameter, parquetLineItemQuery } from './parquetLineItemQuery';
import { LineItemFileSelection, LineItemFilter, StoredLineItem } from './types';

/** A Parquet file name the DuckDB ingest writes: a run id and `.parquet`. */
export const LINE_ITEM_FILE_NAME = /^[0-9a-f-]{36}\.parquet$/;

function bind(
  statement: DuckDBPreparedStatement,
  parameters: QueryParameter[],
) {
  parameters.forEach((p, i) => {
    if (p.type === 'varchar') statement.bindVarchar(i + 1, p.value);
    else if (p.type === 'bigint') statement.bindBigInt(i + 1, p.value);
    else statement.bindList(i + 1, p.value, LIST(VARCHAR));
  });
}

function toLineItem(row: unknown[]): StoredLineItem {
  const v = row.map(x => (x === null ? null : String(x)));
  return {
    id: v[0]!,
    day: v[1]!,
    provider: v[2]!,
    billingAccountId: v[3]!,
    subAccountId: v[4],
    serviceName: v[5]!,
    chargeCategory: v[6]!,
    resourceId: v[7],
    skuId: v[8],
    regionId: v[9],
    currency: v[10]!,
    billedCostNanos: BigInt(v[11]!),
    effectiveCostNanos: BigInt(v[12]!),
    entityRef: v[13],
    team: v[14]!,
  };
}

/**
 * Reads the DuckDB ingest's Parquet line-item files for drill-down, with
 * one in-memory DuckDB for the plugin that may read only the line-item
 * folder: no extension is installed or loaded, other files and the network
 * are out of reach, and its configuration is locked. File names are checked
 * against the ingest's naming pattern; the path and every filter value are
 * statement parameters.
 */
export class ParquetLineItemReader {
  static create(options: {
    directory: string;
    memoryLimitMiB: number;
    threads: number;
  }): ParquetLineItemReader {
    return new ParquetLineItemReader(options);
  }

  private instance?: Promise<DuckDBInstance>;
  /** Rows per file (from its footer); a file never changes once named. */
  private readonly rowCounts = new Map<string, number>();

  private constructor(
    private readonly options: {
      directory: string;
      memoryLimitMiB: number;
      threads: number;
    },
  ) {}

  private async connect(): Promise<DuckDBConnection> {
    if (!this.instance) {
      const { directory } = this.options;
      this.instance = (async () => {
        const instance = await DuckDBInstance.create(':memory:', {
          autoinstall_known_extensions: 'false',
          autoload_known_extensions: 'false',
          memory_limit: `${Math.max(
            64,
            Math.floor(this.options.memoryLimitMiB),
          )}MB`,
          threads: String(Math.max(1, Math.floor(this.options.threads))),
        });
        const setup = await instance.connect();
        try {
          // Only the line-item folder is readable (SET takes no parameters;
          // the folder is our own config, quoted as a SQL string).
          const folder = join(directory, '/').replaceAll("'", "''");
          await setup.run(`SET allowed_directories = ['${folder}']`);
          await setup.run('SET enable_external_access = false');
          await setup.run('SET lock_configuration = true');
        } catch (error) {
          setup.closeSync();
          instance.closeSync();
          throw error;
        }
        setup.closeSync();
        return instance;
      })();
      this.instance.catch(() => {
        this.instance = undefined;
      });
    }
    return (await this.instance).connect();
  }

  private pathOf(fileName: string): string {
    if (!LINE_ITEM_FILE_NAME.test(fileName)) {
      throw new Error(`Not a line-item file name: ${fileName.slice(0, 64)}`);
    }
    return join(this.options.directory, fileName);
  }

  /**
   * The periods to filter a file by, or `all` when none of its periods was
   * replaced (its row count is that of its current periods): then the
   * query skips the per-row period test, which costs as much as the scan.
   */
  private async periodsOf(
    connection: DuckDBConnection,
    file: LineItemFileSelection,
    path: string,
  ): Promise<LineItemFileSelection['periods'] | 'all'> {
    let rows = this.rowCounts.get(file.fileName);
    if (rows === undefined) {
      const statement = await connection.prepare(
        'SELECT sum(num_rows)::BIGINT FROM parquet_file_metadata($1)',
      );
      statement.bindVarchar(1, path);
      const [[count]] = (await statement.runAndReadAll()).getRows();
      rows = Number(count);
      if (this.rowCounts.size > 10_000) this.rowCounts.clear();
      this.rowCounts.set(file.fileName, rows);
    }
    return rows === file.currentLineItems ? 'all' : file.periods;
  }

  /** Up to `limit` line items of one file in (day, id) order, after a position. */
  async page(options: {
    file: LineItemFileSelection;
    filter: LineItemFilter;
    after?: { day: string; id: string };
    limit: number;
  }): Promise<StoredLineItem[]> {
    const path = this.pathOf(options.file.fileName);
    const connection = await this.connect();
    try {
      const { sql, parameters } = parquetLineItemQuery({
        path,
        firstLineItemId: options.file.firstLineItemId,
        lineNumbered: options.file.lineNumbered,
        periods: await this.periodsOf(connection, options.file, path),
        filter: options.filter,
        after: options.after,
        limit: options.limit,
      });
      const statement = await connection.prepare(sql);
      bind(statement, parameters);
      return (await statement.runAndReadAll()).getRows().map(toLineItem);
    } finally {
      connection.closeSync();
    }
  }

  /** Every line item of one file the filter selects, in (day, id) order, a chunk at a time. */
  async *stream(options: {
    file: LineItemFileSelection;
    filter: LineItemFilter;
  }): AsyncGenerator<StoredLineItem[]> {
    const path = this.pathOf(options.file.fileName);
    const connection = await this.connect();
    try {
      const { sql, parameters } = parquetLineItemQuery({
        path,
        firstLineItemId: options.file.firstLineItemId,
        lineNumbered: options.file.lineNumbered,
        periods: await this.periodsOf(connection, options.file, path),
        filter: options.filter,
      });
      const statement = await connection.prepare(sql);
      bind(statement, parameters);
      const result = await statement.stream();
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) return;
        yield chunk.getRows().map(toLineItem);
      }
    } finally {
      connection.closeSync();
    }
  }

  /** Closes the DuckDB, at shutdown. */
  async close(): Promise<void> {
    const instance = this.instance;
    this.instance = undefined;
    if (instance) (await instance).closeSync();
  }
}
