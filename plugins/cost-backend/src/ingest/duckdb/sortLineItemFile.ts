import { rename } from 'node:fs/promises';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DuckDbMemoryLimitError,
  isDuckDbOutOfMemory,
} from './duckDbMemoryError';
import { lineItemParquetCopy } from './lineItemParquetCopy';
import { IngestDuckDbSettings, openIngestDuckDb } from './openIngestDuckDb';

/**
 * Writes the staged line-item file `from` to `to` in the order of
 * {@link lineItemParquetCopy}, so a drill-down into a month reads only that
 * month's row groups. The sort runs in a DuckDB of its own with one
 * thread: within the ingest's memory limit it spills to the temp folder,
 * where with two threads it ran out of memory (a 1,000,000-row file at
 * 160 MiB). Should it fail all the same, the staged file is kept as it
 * is: every row is there, a drill-down only reads more of it.
 */
export async function sortLineItemFile(options: {
  settings: IngestDuckDbSettings;
  from: string;
  to: string;
  logger: LoggerService;
}): Promise<void> {
  try {
    const duck = await openIngestDuckDb({ ...options.settings, threads: 1 });
    try {
      const copy = await duck.connection.prepare(
        lineItemParquetCopy('SELECT * FROM read_parquet($1)', '$2'),
      );
      copy.bindVarchar(1, options.from);
      copy.bindVarchar(2, options.to);
      await copy.run();
      return;
    } finally {
      duck.close();
    }
  } catch (error) {
    // Out of memory is the configuration's problem: say so rather than
    // keep a file a drill-down would read whole.
    if (isDuckDbOutOfMemory(error)) {
      throw new DuckDbMemoryLimitError(
        options.settings.memoryLimitMiB,
        'sort the line items by day',
        error,
      );
    }
    options.logger.warn(
      'Could not sort a line-item file by day; keeping it in file order',
      { error: String(error).slice(0, 200) },
    );
  }
  await rename(options.from, options.to);
}
