import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { LIST, VARCHAR } from '@duckdb/node-api';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DuckDbMemoryLimitError,
  isDuckDbOutOfMemory,
} from './duckDbMemoryError';
import {
  LINE_ITEM_ROW_GROUP_SIZE,
  lineItemParquetCopy,
} from './lineItemParquetCopy';
import { IngestDuckDbSettings, openIngestDuckDb } from './openIngestDuckDb';

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
 * there, a drill-down only reads more of it.
 */
export async function sortLineItemFile(options: {
  settings: IngestDuckDbSettings;
  from: string;
  to: string;
  logger: LoggerService;
}): Promise<void> {
  const { settings } = options;
  const parts = join(settings.tempDirectory, `${basename(options.to)}.sort`);
  try {
    await rm(parts, { recursive: true, force: true });
    await mkdir(parts, { recursive: true });
    const months = join(parts, 'months');
    await runOne(settings, false, async connection => {
      const split = await connection.prepare(
        `COPY (SELECT *, left(day, 7) AS sort_month FROM read_parquet($1))
         TO $2 (FORMAT parquet, COMPRESSION uncompressed,
           PARTITION_BY (sort_month), ROW_GROUP_SIZE 10000)`,
      );
      split.bindVarchar(1, options.from);
      split.bindVarchar(2, months);
      await split.run();
    });
    // Hive folders `sort_month=YYYY-MM`: their names sort as the months do.
    const monthFolders = (await readdir(months)).sort();
    const sorted: string[] = [];
    for (const [i, folder] of monthFolders.entries()) {
      const part = join(parts, `${String(i).padStart(4, '0')}.parquet`);
      await runOne(settings, false, async connection => {
        const copy = await connection.prepare(
          lineItemParquetCopy(
            `SELECT * FROM read_parquet($1, hive_partitioning = false)`,
            '$2',
          ),
        );
        copy.bindVarchar(1, join(months, folder, '*.parquet'));
        copy.bindVarchar(2, part);
        await copy.run();
      });
      sorted.push(part);
    }
    await runOne(settings, true, async connection => {
      const concat = await connection.prepare(
        `COPY (SELECT * FROM read_parquet($1)) TO $2 (FORMAT parquet,
           COMPRESSION uncompressed, ROW_GROUP_SIZE ${LINE_ITEM_ROW_GROUP_SIZE})`,
      );
      concat.bindList(1, sorted, LIST(VARCHAR));
      concat.bindVarchar(2, options.to);
      await concat.run();
    });
    return;
  } catch (error) {
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
  settings: IngestDuckDbSettings,
  preserveInsertionOrder: boolean,
  step: (
    connection: Awaited<ReturnType<typeof openIngestDuckDb>>['connection'],
  ) => Promise<void>,
) {
  const duck = await openIngestDuckDb({
    ...settings,
    threads: 1,
    preserveInsertionOrder,
  });
  try {
    await step(duck.connection);
  } finally {
    duck.close();
  }
}
