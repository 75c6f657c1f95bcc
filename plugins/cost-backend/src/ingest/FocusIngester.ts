import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { LoggerService } from '@backstage/backend-plugin-api';
import { RunHeartbeat, replicaId } from '@ai-platform/plugin-ai-platform-node';
import {
  IngestRowError,
  IngestRun,
  IngestSource,
} from '@ai-platform/plugin-cost-common';
import { parse } from 'csv-parse';
import {
  BillingStore,
  IngestRefusedError,
  IngestResult,
  IngestRunStore,
  StoredIngestRun,
} from '../database/types';
import {
  DEFAULT_MAX_GZIP_RATIO,
  FocusFileError,
  decodeFocusBytes,
} from './decodeFocusBytes';
import { DuckDbFocusIngest } from './duckdb/DuckDbFocusIngest';
import { FocusRowParser } from './FocusRowParser';
import { LineItemAllocator } from './LineItemAllocator';
import { PayloadTooLargeError } from './PayloadTooLargeError';
import { formatPercent, toRefusal } from './toRefusal';
import { AllocatedLineItem } from './types';

/** Problems kept per run; the count covers all of them. */
const MAX_REPORTED_ERRORS = 100;
/** Rows handed to the store at a time. */
const BATCH = 2000;
/** How often progress is logged. */
const PROGRESS_EVERY_MS = 5_000;
/** How often a running ingest stores its progress and heartbeat. */
export const INGEST_HEARTBEAT_MS = 2_000;
/**
 * A running ingest without a heartbeat for this long belongs to a process
 * that died (killed in a rollout, out of memory): it is marked failed. Far
 * above the heartbeat, so a busy database or a clock a little off between
 * replicas does not fail a live run.
 */
export const INGEST_STALE_AFTER_MS = 30_000;

/** What the ingester works with. */
export interface FocusIngesterOptions {
  stores: { billing: BillingStore; runs: IngestRunStore };
  logger: LoggerService;
  allocator: () => Promise<LineItemAllocator>;
  maxErrorRatio: number;
  maxRecordBytes: number;
  /** Most inflated bytes per compressed byte of a gzip file; default 100. */
  maxGzipRatio?: number;
  /** This process among the replicas; default `replicaId()`. */
  owner?: string;
  /** Default {@link INGEST_HEARTBEAT_MS}. */
  heartbeatMs?: number;
  /** Default {@link INGEST_STALE_AFTER_MS}. */
  staleAfterMs?: number;
  /**
   * The DuckDB ingest (`cost.ingest.engine: duckdb`): tried first; a file it
   * hands back is read by the JavaScript parser here.
   */
  duckdb?: DuckDbFocusIngest;
}

/** Options of one ingest. */
export interface IngestFileOptions {
  source: IngestSource;
  fileName: string;
  /** The raw bytes: CSV or gzip. */
  stream: Readable;
  /** Size of the file in bytes, when known (for the percentage). */
  totalBytes?: number | null;
  /** Identity of a scanned file, so an unchanged file is not read again. */
  fileKey?: string | null;
  /** Most raw bytes read before the file is refused; default no limit. */
  maxBytes?: number;
  /** Where a scanned file lies, so DuckDB can read it in place. */
  path?: string;
}

/**
 * Streams FOCUS files into the cost store: decodes, parses and validates
 * rows, allocates them, and stores them in one transaction that replaces the
 * billing periods of the file, or refuses the file whole when more rows are
 * bad than `maxErrorRatio` allows.
 *
 * Safe on several replicas: a run is stored as it starts, owned by this
 * process, and its progress and heartbeat are stored every
 * {@link INGEST_HEARTBEAT_MS}, so any replica reports it; a run whose
 * heartbeat stopped is marked failed (its transaction died with its process,
 * so nothing of it was stored), and its file is read again on the next scan.
 */
export class FocusIngester {
  /** This process's runs in progress, fresher than their stored progress. */
  private readonly running = new Map<string, IngestRun>();
  private readonly owner: string;

  static create(options: FocusIngesterOptions): FocusIngester {
    return new FocusIngester(options);
  }

  private constructor(private readonly options: FocusIngesterOptions) {
    this.owner = options.owner ?? replicaId();
  }

  /** Runs in progress in this process. */
  runningRuns(): IngestRun[] {
    return [...this.running.values()].map(run => ({
      ...run,
      errors: [...run.errors],
    }));
  }

  /** Marks runs whose process stopped beating failed; returns how many. */
  async failStaleRuns(now: Date = new Date()): Promise<number> {
    const failed = await this.options.stores.runs.failStaleRuns(
      this.staleBefore(now),
      now.toISOString(),
    );
    if (failed) {
      this.options.logger.warn(
        'Marked ingest runs of a stopped backend process failed',
        { runs: failed },
      );
    }
    return failed;
  }

  private staleBefore(now: Date): string {
    return new Date(
      now.getTime() - (this.options.staleAfterMs ?? INGEST_STALE_AFTER_MS),
    ).toISOString();
  }

  /**
   * Ingests an uploaded file; resolves to its finished run (succeeded,
   * refused or failed). A refused upload is not kept: the caller gets the
   * run in the answer, and the database is as it was. An upload over a size
   * limit rejects with a {@link PayloadTooLargeError} instead (HTTP 413).
   */
  async ingest(file: IngestFileOptions): Promise<IngestRun> {
    const run = await this.run({ ...file, fileKey: null });
    if (!run) throw new Error('An ingest without a file key is never claimed');
    return run;
  }

  /**
   * Ingests a scanned file unless another run (on any replica) is reading
   * it or has read it: resolves to the finished run, which is stored, or
   * undefined when the file was someone else's.
   */
  ingestScanned(
    file: IngestFileOptions & { fileKey: string },
  ): Promise<IngestRun | undefined> {
    return this.run(file);
  }

  private async run(file: IngestFileOptions): Promise<IngestRun | undefined> {
    const startedAt = Date.now();
    const run: IngestRun = {
      id: randomUUID(),
      source: file.source,
      fileName: file.fileName,
      status: 'running',
      startedAt: new Date(startedAt).toISOString(),
      finishedAt: null,
      rowsRead: 0,
      rowsIngested: 0,
      rowsRejected: 0,
      bytesRead: 0,
      totalBytes: file.totalBytes ?? null,
      percent: file.totalBytes ? 0 : null,
      rowsPerSecond: 0,
      billingPeriods: [],
      focusVersion: null,
      errorCount: 0,
      errors: [],
      message: null,
    };
    const stored = (): StoredIngestRun => ({
      ...run,
      fileKey: file.fileKey ?? null,
    });
    const { runs } = this.options.stores;
    const claimed = await runs.claimRun(stored(), {
      owner: this.owner,
      staleBefore: this.staleBefore(new Date(startedAt)),
    });
    if (!claimed) {
      file.stream.destroy();
      return undefined;
    }
    const logger = this.options.logger.child({
      ingestRunId: run.id,
      fileName: file.fileName,
    });
    this.running.set(run.id, run);
    const report = (problem: IngestRowError) => {
      run.errorCount += 1;
      if (run.errors.length < MAX_REPORTED_ERRORS) run.errors.push(problem);
    };
    const updateRate = () => {
      const seconds = (Date.now() - startedAt) / 1000;
      run.rowsPerSecond = seconds > 0 ? Math.round(run.rowsRead / seconds) : 0;
      if (run.totalBytes) {
        run.percent = Math.min(100, (run.bytesRead / run.totalBytes) * 100);
      }
    };
    let lastLog = startedAt;
    const progress = () => {
      updateRate();
      if (Date.now() - lastLog >= PROGRESS_EVERY_MS) {
        lastLog = Date.now();
        logger.info('Ingesting FOCUS file', {
          rows: run.rowsRead,
          rowsPerSecond: run.rowsPerSecond,
          percent: run.percent === null ? undefined : Math.round(run.percent),
        });
      }
    };

    const heartbeat = RunHeartbeat.start({
      intervalMs: this.options.heartbeatMs ?? INGEST_HEARTBEAT_MS,
      beat: () => {
        updateRate();
        return runs.heartbeat(stored(), this.owner, new Date().toISOString());
      },
      onError: error =>
        logger.warn('Could not store ingest progress', {
          error: String(error),
        }),
    });

    let tooLarge: PayloadTooLargeError | undefined;
    let cleanup = async () => {};
    logger.info('Ingest of FOCUS file started', {
      source: file.source,
      totalBytes: file.totalBytes ?? undefined,
    });
    const completeRun = (result: IngestResult) => {
      run.rowsIngested = result.rows;
      run.billingPeriods = result.billingPeriods;
      run.status = 'succeeded';
      run.message =
        run.rowsRejected > 0
          ? `${run.rowsRejected} invalid rows skipped (within the allowed share)`
          : null;
      updateRate();
      run.finishedAt = new Date().toISOString();
      return stored();
    };
    const beforeCommit = () => {
      if (run.rowsRead === 0) {
        throw new IngestRefusedError('the file has a header but no rows');
      }
      const ratio = run.rowsRejected / run.rowsRead;
      if (run.rowsRejected > 0 && ratio > this.options.maxErrorRatio) {
        throw new IngestRefusedError(
          `${run.rowsRejected} of ${
            run.rowsRead
          } rows are invalid (${formatPercent(
            ratio,
          )}), more than the allowed ${formatPercent(
            this.options.maxErrorRatio,
          )}; nothing was stored`,
          { rowLevel: true },
        );
      }
    };
    try {
      const allocator = await this.options.allocator();
      const { maxRecordBytes } = this.options;
      let limits = {
        maxBytes: file.maxBytes,
        maxGzipRatio: this.options.maxGzipRatio ?? DEFAULT_MAX_GZIP_RATIO,
        totalBytes: file.totalBytes,
      };
      let input = file.stream;
      if (this.options.duckdb) {
        const attempt = await this.options.duckdb.ingest({
          runId: run.id,
          path: file.path,
          stream: file.stream,
          limits,
          maxRecordBytes,
          allocator,
          onBytes: n => {
            run.bytesRead += n;
          },
          onRows: (rows, focusVersion) => {
            run.rowsRead = rows;
            run.focusVersion = focusVersion;
          },
          beforeCommit,
          completeRun,
        });
        if (!attempt.stored) {
          logger.info('FOCUS file read by the JavaScript parser', {
            reason: attempt.reason,
          });
          cleanup = attempt.cleanup;
          input = attempt.stream;
          run.bytesRead = 0;
          run.totalBytes = attempt.totalBytes;
          limits = {
            maxBytes: undefined,
            maxGzipRatio: limits.maxGzipRatio,
            totalBytes: attempt.totalBytes,
          };
        }
      }
      // The streams are built when the store starts reading, so their errors
      // always have a listener.
      const batches = async function* readBatches(): AsyncGenerator<
        AllocatedLineItem[]
      > {
        const text = decodeFocusBytes(
          input,
          n => {
            run.bytesRead += n;
          },
          limits,
        );
        const parser = parse({
          bom: true,
          relax_column_count: true,
          skip_empty_lines: true,
          max_record_size: maxRecordBytes,
          info: true,
        });
        text.on('error', err => parser.destroy(err));
        text.pipe(parser);

        let rowParser: FocusRowParser | undefined;
        let batch: AllocatedLineItem[] = [];
        let previousEnd = 0;
        let previousEmpty = 0;
        for await (const { record, info } of parser as AsyncIterable<{
          record: string[];
          info: { lines: number; empty_lines: number };
        }>) {
          // The record starts after the previous one and the blank lines skipped since.
          const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
          previousEnd = info.lines;
          previousEmpty = info.empty_lines;
          if (!rowParser) {
            rowParser = FocusRowParser.create(record);
            run.focusVersion = rowParser.focusVersion;
            continue;
          }
          run.rowsRead += 1;
          const result = rowParser.parse(record, line);
          if (result.ok) {
            batch.push(allocator.allocate(result.item));
          } else {
            run.rowsRejected += 1;
            result.errors.forEach(report);
          }
          if (batch.length >= BATCH) {
            progress();
            yield batch;
            batch = [];
          }
        }
        if (!rowParser) {
          throw new FocusFileError('the file is empty: no header row');
        }
        if (batch.length) yield batch;
        progress();
      };

      if (run.status !== 'succeeded') {
        const result = await this.options.stores.billing.ingestBilling({
          runId: run.id,
          batches: batches(),
          completeRun,
          beforeCommit,
        });
        // Periods that were in a DuckDB ingest's Parquet file are now in the database.
        await this.options.duckdb?.removeFiles(result.releasedFiles ?? []);
      }
    } catch (error) {
      if (error instanceof PayloadTooLargeError && file.source === 'upload') {
        tooLarge = error;
      }
      const refusal = toRefusal(error);
      if (refusal) {
        run.status = 'refused';
        run.message = refusal.message;
        if (refusal.problems) refusal.problems.forEach(report);
        else if (refusal.fileLevel)
          report({ line: refusal.line ?? 0, reason: refusal.message });
      } else {
        run.status = 'failed';
        run.message = `ingest failed: ${String(error).slice(0, 500)}`;
        logger.error('Ingest of FOCUS file failed', {
          error: String(error).slice(0, 2000),
        });
      }
      run.rowsIngested = 0;
      run.billingPeriods = [];
    } finally {
      if (file.source === 'upload') {
        // Stop reading the request, but leave its socket to the HTTP server,
        // which still has to answer.
        file.stream.unpipe();
        file.stream.pause();
      } else {
        file.stream.destroy();
      }
      await heartbeat.stop();
      await cleanup();
      if (run.status !== 'succeeded') {
        updateRate();
        run.finishedAt = new Date().toISOString();
      }
      this.running.delete(run.id);
    }
    // A success was stored with its rows; the other outcomes are stored now.
    if (file.source === 'upload' && run.status === 'refused') {
      await runs.deleteRun(run.id);
    } else if (run.status !== 'succeeded') {
      await runs.saveRun(stored());
    }
    logger.info('Ingest of FOCUS file finished', {
      status: run.status,
      rows: run.rowsRead,
      rowsIngested: run.rowsIngested,
      rowsRejected: run.rowsRejected,
      rowsPerSecond: run.rowsPerSecond,
      billingPeriods: run.billingPeriods.join(','),
      message: run.message ?? undefined,
    });
    if (tooLarge) throw tooLarge;
    return run;
  }
}
