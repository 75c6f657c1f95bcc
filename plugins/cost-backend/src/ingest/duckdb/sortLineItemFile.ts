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
  DuckDbProcessError,
  DuckDbSession,
  IngestDuckDbProcess,
} from './IngestDuckDbProcess';

/**
 * Writes the staged line-item file `from` to `to` in the order of
 * {@link lineItemParquetCopy}, so a drill-down into a month reads only that
 * month's row groups. One sort of the whole file needs more memory the
 * more rows it has (a 10,000,000-row file ran out at 128 MiB), so the
 * file is split by month in one pass, each month is sorted on its own and
 * the months are written one after the other: memory then follows the
 * largest month, not the file. It runs in DuckDBs of its own with one
 * thread, spilling to the temp folder within the ingest's memory limit.
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
    const months = join(parts, 'months');
    await runOne(duckdb, settings, false, session =>
      session.run(
        `COPY (SELECT *, left(day, 7) AS sort_month FROM read_parquet($1))
         TO $2 (FORMAT parquet, COMPRESSION uncompressed,
           PARTITION_BY (sort_month), ROW_GROUP_SIZE 10000)`,
        [options.from, months],
      ),
    );
    // Hive folders `sort_month=YYYY-MM`: their names sort as the months do.
    const monthFolders = (await readdir(months)).sort();
    const sorted: string[] = [];
    for (const [i, folder] of monthFolders.entries()) {
      const part = join(parts, `${String(i).padStart(4, '0')}.parquet`);
      await runOne(duckdb, settings, false, session =>
        session.run(
          lineItemParquetCopy(
            `SELECT * FROM read_parquet($1, hive_partitioning = false)`,
            '$2',
          ),
          [join(months, folder, '*.parquet'), part],
        ),
      );
      sorted.push(part);
    }
    await runOne(duckdb, settings, true, session =>
      session.run(
        `COPY (SELECT * FROM read_parquet($1)) TO $2 (FORMAT parquet,
           COMPRESSION uncompressed, ROW_GROUP_SIZE ${LINE_ITEM_ROW_GROUP_SIZE})`,
        [sorted, options.to],
      ),
    );
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

/** Runs `step` in a DuckDB of its own with one thread, closed afterwards. */
async function runOne(
  duckdb: IngestDuckDbProcess,
  settings: IngestDuckDbSettings,
  preserveInsertionOrder: boolean,
  step: (session: DuckDbSession) => Promise<void>,
) {
  const session = await duckdb.open({
    ...settings,
    threads: 1,
    preserveInsertionOrder,
  });
  try {
    await step(session);
  } finally {
    await session.close();
  }
}
