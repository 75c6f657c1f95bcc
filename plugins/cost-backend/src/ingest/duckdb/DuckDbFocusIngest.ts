import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  BillingStore,
  IngestResult,
  StoredIngestRun,
} from '../../database/types';
import { LINE_ITEM_FILE_NAME } from '../../database/ParquetLineItemReader';
import { FocusByteLimits } from '../decodeFocusBytes';
import { FocusRowParser } from '../FocusRowParser';
import { LineItemAllocator } from '../LineItemAllocator';
import {
  csvSize,
  csvStream,
  focusCsvSource,
  readHeader,
  workFile,
} from './focusCsvSource';
import {
  DuckDbMemoryLimitError,
  isDuckDbOutOfMemory,
  withinMemoryLimit,
} from './duckDbMemoryError';
import { DuckDbProcessError, IngestDuckDbProcess } from './IngestDuckDbProcess';
import { IngestProfile, IngestProfiler } from './IngestProfile';
import { IngestDuckDbSettings } from './openIngestDuckDb';
import { rollupFromParquet, stagedPeriods } from './rollupFromParquet';
import { sortLineItemFile } from './sortLineItemFile';
import { allocationTagPaths, stageFocusFile } from './stageFocusFile';

/** Where the DuckDB ingest keeps its files, and how much it may use. */
export interface DuckDbIngestSettings
  extends Omit<IngestDuckDbSettings, 'tempDirectory'> {
  /** Folder of the Parquet line-item files (shared by all replicas). */
  lineItemsDirectory: string;
  /** Called after each ingest DuckDB stored, with where its time went (the benchmark prints it). */
  onProfile?: (profile: IngestProfile) => void;
}

/** The outcome of trying a file with DuckDB. */
export type DuckDbAttempt =
  | { stored: true; result: IngestResult }
  | {
      stored: false;
      /** Why the JavaScript path reads it. */
      reason: string;
      /** The file for the JavaScript path: plain UTF-8 CSV. */
      stream: Readable;
      totalBytes: number;
      /** Removes the decoded copy once the JavaScript path is done. */
      cleanup(): Promise<void>;
    };

/**
 * The fast ingest: DuckDB reads, validates, allocates and sums the file,
 * writes its line items to one Parquet file per run, sorted by day (for
 * drill-down, see {@link sortLineItemFile}) and the
 * store gets the daily roll-up in one transaction. A file with anything the
 * JavaScript parser might read differently (a suspect row, a broken record,
 * an odd header) is handed back for the JavaScript path, which reports each
 * problem by line and column, so errors and refusals are exactly as before.
 */
export class DuckDbFocusIngest {
  constructor(
    private readonly settings: DuckDbIngestSettings,
    private readonly billing: BillingStore,
    private readonly logger: LoggerService,
  ) {}

  async ingest(options: {
    runId: string;
    path?: string;
    stream: Readable;
    limits: FocusByteLimits;
    maxRecordBytes: number;
    allocator: LineItemAllocator;
    onBytes: (n: number) => void;
    onRows: (rows: number, focusVersion: string) => void;
    beforeCommit: () => void;
    completeRun: (result: IngestResult) => StoredIngestRun;
  }): Promise<DuckDbAttempt> {
    const directory = this.settings.lineItemsDirectory;
    const work = join(directory, 'work');
    await mkdir(work, { recursive: true });
    const source = await focusCsvSource({
      path: options.path,
      stream: options.stream,
      workFile: workFile(work, options.runId, 'csv'),
      limits: options.limits,
      onBytes: options.onBytes,
    });
    let handedBack = false;
    const fallback = async (reason: string): Promise<DuckDbAttempt> => {
      handedBack = true;
      return {
        stored: false,
        reason,
        stream: csvStream(source),
        totalBytes: await csvSize(source),
        cleanup: source.cleanup,
      };
    };
    const tables = options.allocator.tables();
    if (!allocationTagPaths(tables.allocation)) {
      return fallback('an allocation tag key needs JSON escaping');
    }
    const header = await readHeader(source.path, options.maxRecordBytes);
    if (!header) return fallback('the header is not one plain line');
    let focusVersion: string;
    try {
      focusVersion = FocusRowParser.create(header).focusVersion;
    } catch {
      return fallback('the header has a problem');
    }
    const fileName = `${options.runId}.parquet`;
    const parquetPath = join(directory, fileName);
    const stagedPath = workFile(work, options.runId, 'parquet');
    const duckDbSettings = { ...this.settings, tempDirectory: work };
    const limitMiB = this.settings.memoryLimitMiB;
    let stored = false;
    // DuckDB runs in a process of its own, one per ingest: its memory
    // (reading, sorting, summing the file) is not the backend's.
    let duckdb: IngestDuckDbProcess | undefined;
    try {
      duckdb = await IngestDuckDbProcess.start();
      const running = duckdb;
      const profiler = new IngestProfiler(() => running.usage());
      // One DuckDB at a time (staging, sorting, summing), each closed before
      // the next opens, so the ingest holds at most one memory limit.
      let staged;
      try {
        staged = await profiler.time('stage and validate', async () => {
          // One thread: the file's line numbers (a window over the scan)
          // keep the whole staging statement in one, and a second thread
          // only spent CPU waiting (8 s of 20 for 1,000,000 rows).
          const stage = await running.open({ ...duckDbSettings, threads: 1 });
          try {
            return await stageFocusFile({
              duckdb: stage,
              csvPath: source.path,
              header,
              maxRecordBytes: options.maxRecordBytes,
              tables,
              parquetPath: stagedPath,
            });
          } finally {
            await stage.close();
          }
        });
      } catch (error) {
        if (error instanceof DuckDbProcessError) throw error;
        if (isDuckDbOutOfMemory(error)) {
          throw new DuckDbMemoryLimitError(limitMiB, 'read the file', error);
        }
        return await fallback(
          `DuckDB could not read it: ${String(error).slice(0, 200)}`,
        );
      }
      if (staged.suspectRows > 0 || staged.rows === 0) {
        return await fallback(
          staged.rows === 0
            ? 'no rows'
            : `${staged.suspectRows} rows to check one by one`,
        );
      }
      options.onRows(staged.rows, focusVersion);
      await profiler.time('sort by day', () =>
        sortLineItemFile({
          settings: duckDbSettings,
          from: stagedPath,
          to: parquetPath,
          logger: this.logger,
          duckdb: running,
        }),
      );
      const duck = await running.open(duckDbSettings);
      let result: IngestResult;
      try {
        result = await withinMemoryLimit(
          limitMiB,
          'sum the daily roll-up',
          async () => {
            const periods = await stagedPeriods(duck, parquetPath);
            return profiler.time('write the roll-up to the store', () =>
              this.billing.replaceBillingRollups({
                runId: options.runId,
                periods,
                fileName,
                rows: profiler.split(
                  'sum the roll-up',
                  rollupFromParquet(duck, parquetPath),
                ),
                beforeCommit: options.beforeCommit,
                completeRun: options.completeRun,
              }),
            );
          },
        );
      } finally {
        await duck.close();
      }
      profiler.subtract('write the roll-up to the store', 'sum the roll-up');
      const usage = await running.usage();
      this.settings.onProfile?.({
        phases: profiler.phases,
        duckdbPeakRssMiB: usage.maxRssMiB,
      });
      stored = true;
      await this.removeFiles(result.releasedFiles ?? []);
      return { stored: true, result };
    } finally {
      await duckdb?.stop();
      await rm(stagedPath, { force: true });
      if (!stored) await rm(parquetPath, { force: true });
      if (!handedBack) await source.cleanup();
    }
  }

  /** Deletes Parquet files no period refers to any more (only names this ingest writes). */
  async removeFiles(fileNames: string[]): Promise<void> {
    for (const name of fileNames) {
      if (!LINE_ITEM_FILE_NAME.test(name)) continue;
      await rm(join(this.settings.lineItemsDirectory, name), {
        force: true,
      }).catch(error =>
        this.logger.warn('Could not remove a released line-item file', {
          file: name,
          error: String(error),
        }),
      );
    }
  }
}
