import { CostConfig } from '../../config/CostConfig';
import { focusLoadSql, tagPath } from './focusLoadSql';
import { DuckDbSession } from './IngestDuckDbProcess';

/** What a staged file holds. */
export interface StagedFocusFile {
  rows: number;
  /** Rows the JavaScript parser might read differently or reject. */
  suspectRows: number;
}

/** The allocation the rows of one ingest get, as {@link LineItemAllocator} has it. */
export interface AllocationTables {
  allocation: CostConfig['allocation'];
  owners: ReadonlyMap<string, string>;
}

async function loadPairs(
  duckdb: DuckDbSession,
  table: string,
  columns: [string, string],
  pairs: Iterable<[string, string]>,
) {
  await duckdb.run(
    `CREATE OR REPLACE TEMP TABLE ${table} (${columns[0]} VARCHAR PRIMARY KEY, ${columns[1]} VARCHAR NOT NULL)`,
  );
  const keys: string[] = [];
  const values: string[] = [];
  for (const [key, value] of pairs) {
    keys.push(key);
    values.push(value);
  }
  if (keys.length === 0) return;
  // Two lists unnested side by side: one row per pair, as parameters.
  await duckdb.run(`INSERT INTO ${table} SELECT unnest($1), unnest($2)`, [
    keys,
    values,
  ]);
}

/** The tag keys as JSON paths; null when one of them cannot be written as one. */
export function allocationTagPaths(
  allocation: CostConfig['allocation'],
): string[] | null {
  const paths = [
    allocation.entityTagKey,
    allocation.teamTagKey,
    allocation.costCenterTagKey,
    allocation.gpuClassTagKey,
  ].map(tagPath);
  return paths.every(p => p !== null) ? (paths as string[]) : null;
}

/**
 * Reads a FOCUS CSV file with DuckDB into a Parquet file of validated,
 * allocated line items (see {@link focusLoadSql}), in file order (the
 * ingest then sorts it, see `sortLineItemFile`), and counts its rows and
 * suspect rows. Throws DuckDB's error when the file cannot be read as CSV
 * with the header's number of fields (the caller leaves such a file to the
 * JavaScript path, which names the problem).
 */
export async function stageFocusFile(options: {
  duckdb: DuckDbSession;
  csvPath: string;
  header: string[];
  maxRecordBytes: number;
  tables: AllocationTables;
  parquetPath: string;
}): Promise<StagedFocusFile> {
  const { duckdb, tables } = options;
  const paths = allocationTagPaths(tables.allocation);
  if (!paths) throw new Error('allocation tag keys need escaping');
  await loadPairs(
    duckdb,
    'alloc_owners',
    ['entity_ref', 'team'],
    tables.owners,
  );
  await loadPairs(
    duckdb,
    'alloc_sub_accounts',
    ['sub_account_id', 'team'],
    tables.allocation.subAccountTeams,
  );
  await duckdb.run(
    `COPY (${focusLoadSql(options.header, options.maxRecordBytes)})
     TO $6 (FORMAT parquet, COMPRESSION uncompressed, ROW_GROUP_SIZE 10000)`,
    [options.csvPath, ...paths, options.parquetPath],
  );
  const [[rows, suspect]] = await duckdb.rows(
    'SELECT count(*)::BIGINT, count(*) FILTER (suspect)::BIGINT FROM read_parquet($1)',
    [options.parquetPath],
  );
  return { rows: Number(rows), suspectRows: Number(suspect) };
}
