import { LoggerService } from '@backstage/backend-plugin-api';
import { compareLineItems, mergeLineItemStreams } from './mergeLineItems';
import { ParquetLineItemReader } from './ParquetLineItemReader';
import {
  LineItemFileIndex,
  LineItemFileSelection,
  LineItemFilter,
  LineItemStore,
  StoredLineItem,
} from './types';

/** Line items per batch of an export. */
const STREAM_BATCH = 5000;

function sameFiles(a: LineItemFileSelection[], b: LineItemFileSelection[]) {
  return (
    a.length === b.length &&
    a.every(
      (f, i) =>
        f.fileName === b[i].fileName &&
        f.periods.length === b[i].periods.length,
    )
  );
}

/**
 * Drill-down over both homes of line items: periods ingested by the
 * JavaScript path are in the database, those of the DuckDB path in the
 * Parquet files `cost_line_item_files` names as current (only the rows of
 * the periods each file still holds, so a replaced period shows only the
 * latest run's rows). Both share one id sequence, so the sources merge in
 * one (day, id) order and a keyset cursor pages across them without
 * duplicates or gaps. A file released by a concurrent ingest between
 * reading the index and opening it is retried once with the new index.
 */
export class MergedLineItemStore implements LineItemStore {
  static create(options: {
    database: LineItemStore;
    files: LineItemFileIndex;
    reader: ParquetLineItemReader;
    logger: LoggerService;
  }): MergedLineItemStore {
    return new MergedLineItemStore(options);
  }

  private constructor(
    private readonly options: {
      database: LineItemStore;
      files: LineItemFileIndex;
      reader: ParquetLineItemReader;
      logger: LoggerService;
    },
  ) {}

  /** Runs `read` over the current files, once more if the files changed under a failed read. */
  private async withCurrentFiles<T>(
    filter: LineItemFilter,
    read: (files: LineItemFileSelection[]) => Promise<T>,
  ): Promise<T> {
    const files = await this.options.files.currentFiles(filter);
    try {
      return await read(files);
    } catch (error) {
      const now = await this.options.files.currentFiles(filter);
      if (sameFiles(files, now)) throw error;
      this.options.logger.info(
        'Line-item files changed during a drill-down read; reading again',
        { error: String(error).slice(0, 200) },
      );
      return read(now);
    }
  }

  async pageLineItems(options: {
    filter: LineItemFilter;
    limit: number;
    after?: { day: string; id: string };
  }): Promise<StoredLineItem[]> {
    const { database, reader } = this.options;
    return this.withCurrentFiles(options.filter, async files => {
      const lists = await Promise.all([
        database.pageLineItems(options),
        ...files.map(file => reader.page({ ...options, file })),
      ]);
      return lists.flat().sort(compareLineItems).slice(0, options.limit);
    });
  }

  async *streamLineItems(
    filter: LineItemFilter,
  ): AsyncGenerator<StoredLineItem[]> {
    const { database, reader } = this.options;
    const merged = await this.withCurrentFiles(filter, files =>
      mergeLineItemStreams(
        [
          database.streamLineItems(filter),
          ...files.map(file => reader.stream({ file, filter })),
        ],
        STREAM_BATCH,
      ),
    );
    yield* merged;
  }
}
