import { Knex } from 'knex';
import { EvaluationRun, EvaluationRunClaim, EvaluationRunStore } from './types';

const RUNS = 'compliance_runs';
/** PostgreSQL advisory lock key serialising the start of evaluation runs. */
const RUN_LOCK_KEY = 7_310_552_001;

type RunRow = {
  id: string;
  mode: string;
  trigger: string;
  status: string;
  owner: string;
  started_at: string;
  heartbeat_at: string;
  finished_at: string | null;
  evaluated: number | null;
  removed: number | null;
  unchanged: number | null;
  duration_ms: number | null;
  error: string | null;
};

function runFromRow(row: RunRow): EvaluationRun {
  const n = (v: number | null) => (v === null ? undefined : Number(v));
  return {
    id: row.id,
    mode: row.mode as EvaluationRun['mode'],
    trigger: row.trigger as EvaluationRun['trigger'],
    status: row.status as EvaluationRun['status'],
    owner: row.owner,
    startedAt: row.started_at,
    heartbeatAt: row.heartbeat_at,
    finishedAt: row.finished_at ?? undefined,
    evaluated: n(row.evaluated),
    removed: n(row.removed),
    unchanged: n(row.unchanged),
    durationMs: n(row.duration_ms),
    error: row.error ?? undefined,
  };
}

/** {@link EvaluationRunStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseEvaluationRunStore implements EvaluationRunStore {
  static create(options: { db: Knex }): DatabaseEvaluationRunStore {
    return new DatabaseEvaluationRunStore(options.db);
  }

  private constructor(private readonly db: Knex) {}

  async claim(
    run: Pick<EvaluationRun, 'id' | 'mode' | 'trigger' | 'owner' | 'startedAt'>,
    staleBefore: string,
  ): Promise<EvaluationRunClaim> {
    return this.db.transaction(async tx => {
      if (this.db.client.config.client === 'pg') {
        await tx.raw('SELECT pg_advisory_xact_lock(?)', [RUN_LOCK_KEY]);
      }
      await this.failStaleIn(tx, staleBefore, run.startedAt);
      const running: RunRow | undefined = await tx<RunRow>(RUNS)
        .where({ status: 'running' })
        .orderBy('started_at')
        .first();
      if (running) return { claimed: false, running: runFromRow(running) };
      await tx(RUNS).insert({
        id: run.id,
        mode: run.mode,
        trigger: run.trigger,
        status: 'running',
        owner: run.owner,
        started_at: run.startedAt,
        heartbeat_at: run.startedAt,
      });
      return { claimed: true };
    });
  }

  async heartbeat(id: string, owner: string, at: string): Promise<boolean> {
    const updated = await this.db(RUNS)
      .where({ id, owner, status: 'running' })
      .update({ heartbeat_at: at });
    return updated === 1;
  }

  async finish(
    id: string,
    outcome: Pick<
      EvaluationRun,
      | 'status'
      | 'finishedAt'
      | 'evaluated'
      | 'removed'
      | 'unchanged'
      | 'durationMs'
      | 'error'
    >,
  ): Promise<void> {
    await this.db(RUNS)
      .where({ id })
      .update({
        status: outcome.status,
        finished_at: outcome.finishedAt ?? null,
        evaluated: outcome.evaluated ?? null,
        removed: outcome.removed ?? null,
        unchanged: outcome.unchanged ?? null,
        duration_ms: outcome.durationMs ?? null,
        error: outcome.error?.slice(0, 2000) ?? null,
      });
  }

  failStale(staleBefore: string, now: string): Promise<number> {
    return this.failStaleIn(this.db, staleBefore, now);
  }

  private async failStaleIn(
    db: Knex | Knex.Transaction,
    staleBefore: string,
    now: string,
  ): Promise<number> {
    const stale: RunRow[] = await db<RunRow>(RUNS)
      .where({ status: 'running' })
      .where('heartbeat_at', '<', staleBefore);
    for (const row of stale) {
      await db(RUNS)
        .where({ id: row.id, status: 'running' })
        .update({
          status: 'failed',
          finished_at: now,
          error: `the backend process running it (${row.owner}) stopped, last seen at ${row.heartbeat_at}`,
        });
    }
    return stale.length;
  }

  async list(limit: number): Promise<EvaluationRun[]> {
    const rows: RunRow[] = await this.db<RunRow>(RUNS)
      .orderBy('started_at', 'desc')
      .limit(limit);
    return rows.map(runFromRow);
  }
}
