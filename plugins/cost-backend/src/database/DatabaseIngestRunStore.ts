import { Knex } from 'knex';
import { TABLES } from './tables';
import { IngestRunStore, StoredIngestRun } from './types';

interface RunRow {
  id: string;
  source: string;
  file_name: string;
  file_key: string | null;
  status: string;
  started_at: string;
  finished_at: string | null;
  rows_read: number | string;
  rows_ingested: number | string;
  rows_rejected: number | string;
  bytes_read: number | string;
  total_bytes: number | string | null;
  rows_per_second: number;
  billing_periods: string;
  focus_version: string | null;
  error_count: number;
  errors: string;
  message: string | null;
}

/** Ingest runs, with the key of each scanned file. */
export class DatabaseIngestRunStore implements IngestRunStore {
  static create(options: { db: Knex }): DatabaseIngestRunStore {
    return new DatabaseIngestRunStore(options.db);
  }

  private constructor(private readonly db: Knex) {}

  async saveRun(run: StoredIngestRun): Promise<void> {
    const row: RunRow = {
      id: run.id,
      source: run.source,
      file_name: run.fileName,
      file_key: run.fileKey,
      status: run.status,
      started_at: run.startedAt,
      finished_at: run.finishedAt,
      rows_read: run.rowsRead,
      rows_ingested: run.rowsIngested,
      rows_rejected: run.rowsRejected,
      bytes_read: run.bytesRead,
      total_bytes: run.totalBytes,
      rows_per_second: run.rowsPerSecond,
      billing_periods: JSON.stringify(run.billingPeriods),
      focus_version: run.focusVersion,
      error_count: run.errorCount,
      errors: JSON.stringify(run.errors),
      message: run.message,
    };
    await this.db(TABLES.runs).insert(row).onConflict('id').merge();
  }

  async listRuns(limit: number): Promise<StoredIngestRun[]> {
    const rows: RunRow[] = await this.db(TABLES.runs)
      .orderBy('started_at', 'desc')
      .limit(limit);
    return rows.map(toRun);
  }

  async getRun(id: string): Promise<StoredIngestRun | undefined> {
    const row: RunRow | undefined = await this.db(TABLES.runs)
      .where({ id })
      .first();
    return row ? toRun(row) : undefined;
  }

  async hasFileKey(fileKey: string): Promise<boolean> {
    const row = await this.db(TABLES.runs)
      .where({ file_key: fileKey })
      .whereIn('status', ['succeeded', 'refused'])
      .first('id');
    return Boolean(row);
  }
}

function toRun(r: RunRow): StoredIngestRun {
  return {
    id: r.id,
    source: r.source as StoredIngestRun['source'],
    fileName: r.file_name,
    fileKey: r.file_key,
    status: r.status as StoredIngestRun['status'],
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    rowsRead: Number(r.rows_read),
    rowsIngested: Number(r.rows_ingested),
    rowsRejected: Number(r.rows_rejected),
    bytesRead: Number(r.bytes_read),
    totalBytes: r.total_bytes === null ? null : Number(r.total_bytes),
    percent:
      r.total_bytes && Number(r.total_bytes) > 0
        ? Math.min(100, (Number(r.bytes_read) / Number(r.total_bytes)) * 100)
        : null,
    rowsPerSecond: Number(r.rows_per_second),
    billingPeriods: JSON.parse(r.billing_periods),
    focusVersion: r.focus_version,
    errorCount: Number(r.error_count),
    errors: JSON.parse(r.errors),
    message: r.message,
  };
}
