import { Knex } from 'knex';
import { RunRow, runRow, toRun } from './ingestRunRows';
import { TABLES } from './tables';
import { IngestRunStore, RunLease, StoredIngestRun } from './types';

/** PostgreSQL advisory lock key serialising claims of scanned files. */
const CLAIM_LOCK_KEY = 7_310_551_002;

/** Statuses of a run that has, or is about to have, read its file. */
const CLAIMING_STATUSES = ['running', 'succeeded', 'refused'];

/**
 * Ingest runs, with the key of each scanned file. A run is stored when it
 * starts, with its owner and a heartbeat, so every replica sees it.
 */
export class DatabaseIngestRunStore implements IngestRunStore {
  static create(options: { db: Knex }): DatabaseIngestRunStore {
    return new DatabaseIngestRunStore(options.db);
  }

  private constructor(private readonly db: Knex) {}

  private get isPostgres(): boolean {
    return this.db.client.config.client === 'pg';
  }

  async claimRun(run: StoredIngestRun, lease: RunLease): Promise<boolean> {
    return this.db.transaction(async trx => {
      if (this.isPostgres) {
        // Two replicas scanning one folder see each other's claims.
        await trx.raw('SELECT pg_advisory_xact_lock(?)', [CLAIM_LOCK_KEY]);
      }
      await this.failStale(trx, lease.staleBefore, run.startedAt);
      if (run.fileKey) {
        const taken = await trx(TABLES.runs)
          .where({ file_key: run.fileKey })
          .whereIn('status', CLAIMING_STATUSES)
          .first('id');
        if (taken) return false;
      }
      await trx(TABLES.runs).insert({
        ...runRow(run),
        owner: lease.owner,
        heartbeat_at: run.startedAt,
      });
      return true;
    });
  }

  async heartbeat(
    run: StoredIngestRun,
    owner: string,
    at: string,
  ): Promise<boolean> {
    // Progress only: the outcome is written with the rows it stands for.
    const row = runRow(run);
    const updated = await this.db(TABLES.runs)
      .where({ id: run.id, owner, status: 'running' })
      .update({
        rows_read: row.rows_read,
        rows_rejected: row.rows_rejected,
        bytes_read: row.bytes_read,
        rows_per_second: row.rows_per_second,
        focus_version: row.focus_version,
        error_count: row.error_count,
        errors: row.errors,
        heartbeat_at: at,
      });
    return updated === 1;
  }

  async saveRun(run: StoredIngestRun): Promise<void> {
    await this.db(TABLES.runs).insert(runRow(run)).onConflict('id').merge();
  }

  async deleteRun(id: string): Promise<void> {
    await this.db(TABLES.runs).where({ id }).delete();
  }

  async failStaleRuns(staleBefore: string, now: string): Promise<number> {
    return this.failStale(this.db, staleBefore, now);
  }

  private async failStale(
    db: Knex | Knex.Transaction,
    staleBefore: string,
    now: string,
  ): Promise<number> {
    const stale: Array<Pick<RunRow, 'id' | 'owner' | 'heartbeat_at'>> =
      await db(TABLES.runs)
        .where({ status: 'running' })
        .where(q =>
          q.whereNull('heartbeat_at').orWhere('heartbeat_at', '<', staleBefore),
        )
        .select('id', 'owner', 'heartbeat_at');
    let failed = 0;
    for (const row of stale) {
      failed += await db(TABLES.runs)
        .where({ id: row.id, status: 'running' })
        .where(q =>
          q.whereNull('heartbeat_at').orWhere('heartbeat_at', '<', staleBefore),
        )
        .update({
          status: 'failed',
          finished_at: now,
          rows_ingested: 0,
          billing_periods: '[]',
          message: `ingest failed: the backend process running it (${
            row.owner ?? 'unknown'
          }) stopped, last seen at ${
            row.heartbeat_at ?? 'its start'
          }; nothing of it was stored`,
        });
    }
    return failed;
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

  async runningRunIds(): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db(TABLES.runs)
      .where({ status: 'running' })
      .select('id');
    return rows.map(r => r.id);
  }

  async hasFileKey(fileKey: string): Promise<boolean> {
    const row = await this.db(TABLES.runs)
      .where({ file_key: fileKey })
      .whereIn('status', ['succeeded', 'refused'])
      .first('id');
    return Boolean(row);
  }
}
