import { StoredIngestRun } from './types';

/** A row of `cost_ingest_runs`. */
export interface RunRow {
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
  owner: string | null;
  heartbeat_at: string | null;
}

/** The columns a run's state is written to (not its owner or heartbeat). */
export function runRow(
  run: StoredIngestRun,
): Omit<RunRow, 'owner' | 'heartbeat_at'> {
  return {
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
}

/** The run a row holds. */
export function toRun(r: RunRow): StoredIngestRun {
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
