import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DuckDbMemoryLimitError,
  isDuckDbOutOfMemory,
} from './duckDbMemoryError';
import {
  LINE_ITEM_ROW_GROUP_SIZE,
  lineItemParquetCopy,
} from './lineItemParquetCopy';
import { IngestDuckDbSettings } from './openIngestDuckDb';
import {
  DuckDbParameter,
  DuckDbProcessError,
  DuckDbSession,
  IngestDuckDbProcess,
} from './IngestDuckDbProcess';
import { isMonth, nextMonth } from './months';

/**
 * Writes the staged line-item file `from` to `to` in the order of
 * {@link lineItemParquetCopy}, so a drill-down into a month reads only that
 * month's row groups. One sort of the whole file needs more memory the
 * more rows it has (a 10,000,000-row file ran out at 128 MiB), so each
 * month is sorted on its own (read from the file filtered by day, or, for
 * a file of many months, from a split of the file by month) and the
 * months are written one after the other: memory then follows the largest
 * month, not the file. A file of one month is sorted straight into `to`.
 * It runs in DuckDBs of its own with one thread, spilling to the temp
 * folder within the ingest's memory limit.
 * Running out of that limit fails the ingest (naming the setting); should
 * anything else fail, the staged file is kept as it is: every row is
 * there, a drill-down only reads more of it; but when the DuckDB process
 * itself ended, the ingest fails. It runs in the ingest's DuckDB process
 * (`duckdb`), or in one of its own when none is given.
 */
export async function sortLineItemFile(options: {
  settings: IngestDuckDbSettings;
  from: string;
  to: string;
  logger: LoggerService;
  duckdb?: IngestDuckDbProcess;
}): Promise<void> {
  const duckdb = options.duckdb ?? (await IngestDuckDbProcess.start());
  try {
    await sortWith(duckdb, options);
  } finally {
    if (!options.duckdb) await duckdb.stop();
  }
}

async function sortWith(
  duckdb: IngestDuckDbProcess,
  options: Parameters<typeof sortLineItemFile>[0],
) {
  const { settings } = options;
  const parts = join(settings.tempDirectory, `${basename(options.to)}.sort`);
  try {
    await rm(parts, { recursive: true, force: true });
    await mkdir(parts, { recursive: true });
    const sources = await monthSources(duckdb, settings, options.from, parts);
    const sorted: string[] = [];
    for (const [i, source] of sources.entries()) {
      // A file of one month is written sorted where it belongs at once.
      const part =
        sources.length === 1
          ? options.to
          : join(parts, `${String(i).padStart(4, '0')}.parquet`);
      await runOne(duckdb, settings, false, session =>
        session.run(
          lineItemParquetCopy(source.select, `$${source.params.length + 1}`),
          [...source.params, part],
        ),
      );
      sorted.push(part);
    }
    if (sources.length > 1) {
      await runOne(duckdb, settings, true, session =>
        session.run(
          `COPY (SELECT * FROM read_parquet($1)) TO $2 (FORMAT parquet,
             COMPRESSION uncompressed, ROW_GROUP_SIZE ${LINE_ITEM_ROW_GROUP_SIZE})`,
          [sorted, options.to],
        ),
      );
    }
    return;
  } catch (error) {
    if (error instanceof DuckDbProcessError) throw error;
    // Out of memory is the configuration's problem: say so rather than
    // keep a file a drill-down would read whole.
    if (isDuckDbOutOfMemory(error)) {
      throw new DuckDbMemoryLimitError(
        settings.memoryLimitMiB,
        'sort the line items by day',
        error,
      );
    }
    options.logger.warn(
      'Could not sort a line-item file by day; keeping it in file order',
      { error: String(error).slice(0, 200) },
    );
  } finally {
    await rm(parts, { recursive: true, force: true });
  }
  await rm(options.to, { force: true });
  await rename(options.from, options.to);
}

/** A month's rows of the staged file: a statement and its parameters. */
interface MonthSource {
  select: string;
  params: DuckDbParameter[];
}

/**
 * Up to this many months, each month is read from the staged file,
 * filtered by day; past it, the file is first split by month. Reading a
 * 1,000,000-row file once per month for 12 months cost as much as the
 * split (4.6 s against 4.7 s with the sorts); a billing export is most
 * often one month, or two where charges straddle its start.
 */
const FILTERED_MONTHS_AT_MOST = 6;

/** Where each month's rows are read from, in month order. */
async function monthSources(
  duckdb: IngestDuckDbProcess,
  settings: IngestDuckDbSettings,
  from: string,
  parts: string,
): Promise<MonthSource[]> {
  const months = (
    await runOne(duckdb, settings, false, session =>
      session.rows(
        'SELECT DISTINCT left(day, 7) FROM read_parquet($1) ORDER BY 1',
        [from],
      ),
    )
  ).map(([month]) => String(month));
  // Every staged day is a validated 'YYYY-MM-DD'; anything else would fall
  // outside every month's filter, so the file is kept unsorted instead.
  const odd = months.find(month => !isMonth(month));
  if (odd !== undefined)
    throw new Error(`a line item's day is not a date: ${odd}`);
  if (months.length <= 1) {
    return [{ select: 'SELECT * FROM read_parquet($1)', params: [from] }];
  }
  if (months.length <= FILTERED_MONTHS_AT_MOST) {
    return months.map(month => ({
      select: 'SELECT * FROM read_parquet($1) WHERE day >= $2 AND day < $3',
      params: [from, month, nextMonth(month)],
    }));
  }
  const folder = join(parts, 'months');
  await runOne(duckdb, settings, false, session =>
    session.run(
      `COPY (SELECT *, left(day, 7) AS sort_month FROM read_parquet($1))
       TO $2 (FORMAT parquet, COMPRESSION uncompressed,
         PARTITION_BY (sort_month), ROW_GROUP_SIZE 10000)`,
      [from, folder],
    ),
  );
  // Hive folders `sort_month=YYYY-MM`: their names sort as the months do.
  return (await readdir(folder)).sort().map(monthFolder => ({
    select: 'SELECT * FROM read_parquet($1, hive_partitioning = false)',
    params: [join(folder, monthFolder, '*.parquet')],
  }));
}

/** Runs `step` in a DuckDB of its own with one thread, closed afterwards. */
async function runOne<T>(
  duckdb: IngestDuckDbProcess,
  settings: IngestDuckDbSettings,
  preserveInsertionOrder: boolean,
  step: (session: DuckDbSession) => Promise<T>,
): Promise<T> {
  const session = await duckdb.open({
    ...settings,
    threads: 1,
    preserveInsertionOrder,
  });
  try {
    return await step(session);
  } finally {
    await session.close();
  }
}
