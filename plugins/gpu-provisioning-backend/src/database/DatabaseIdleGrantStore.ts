import { ConflictError, NotFoundError } from '@backstage/errors';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { Knex } from 'knex';
import { estimateCostCents } from '../service/estimateCost';
import { IdleGrantStore, IdleState } from '../idle/types';
import {
  LEDGER,
  REQUESTS,
  RequestRow,
  timestamp,
  toRequest,
} from './requestRows';

/** The idle policy's columns of a request row. */
type IdleRow = Pick<
  RequestRow,
  'id' | 'idle_warned_at' | 'kept_until' | 'kept_by'
>;

function iso(value: Date | string | null | undefined): string | undefined {
  return value === null || value === undefined
    ? undefined
    : new Date(value).toISOString();
}

function stateOf(row: IdleRow): IdleState {
  const state: IdleState = {};
  const warnedAt = iso(row.idle_warned_at);
  const keptUntil = iso(row.kept_until);
  if (warnedAt) state.warnedAt = warnedAt;
  if (keptUntil) state.keptUntil = keptUntil;
  if (row.kept_by) state.keptBy = row.kept_by;
  return state;
}

/**
 * The idle policy's state of grants and the shrinking of a grant, on the
 * grant store's database (PostgreSQL or SQLite). Warnings are compare and
 * set, so replicas warn once; a shrink changes the request and the team's
 * ledger row in one transaction.
 */
export class DatabaseIdleGrantStore implements IdleGrantStore {
  static create(options: {
    db: Knex;
    now: () => Date;
  }): DatabaseIdleGrantStore {
    return new DatabaseIdleGrantStore(options.db, options.now);
  }

  private constructor(
    private readonly db: Knex,
    private readonly now: () => Date,
  ) {}

  async states(ids: string[]): Promise<Map<string, IdleState>> {
    const states = new Map<string, IdleState>();
    // Chunks keep SQLite under its bound-parameter limit.
    for (let i = 0; i < ids.length; i += 500) {
      const rows: IdleRow[] = await this.db<RequestRow>(REQUESTS)
        .whereIn('id', ids.slice(i, i + 500))
        .select('id', 'idle_warned_at', 'kept_until', 'kept_by');
      for (const row of rows) states.set(row.id, stateOf(row));
    }
    return states;
  }

  async markIdleWarned(id: string, now: Date): Promise<boolean> {
    const updated = await this.db(REQUESTS)
      .where({ id, status: 'active' })
      .whereNull('idle_warned_at')
      .where(b =>
        b.whereNull('kept_until').orWhere('kept_until', '<=', timestamp(now)),
      )
      .update({ idle_warned_at: timestamp(now) });
    return updated === 1;
  }

  async clearIdleWarning(id: string, warnedAt: string): Promise<boolean> {
    const updated = await this.db(REQUESTS)
      .where({ id, idle_warned_at: timestamp(warnedAt) })
      .update({ idle_warned_at: null });
    return updated === 1;
  }

  async keep(options: {
    id: string;
    until: Date;
    by: string;
  }): Promise<IdleState | undefined> {
    const [row] = await this.db<RequestRow>(REQUESTS)
      .where({ id: options.id, status: 'active' })
      .update({
        kept_until: timestamp(options.until),
        kept_by: options.by,
        // Idle again after the keep, the owners are warned again first.
        idle_warned_at: null,
        updated_at: timestamp(this.now()),
      })
      .returning(['id', 'idle_warned_at', 'kept_until', 'kept_by']);
    return row ? stateOf(row) : undefined;
  }

  async shrink(options: {
    id: string;
    count: number;
    hourlyRate: number;
  }): Promise<GpuRequest> {
    const { id, count, hourlyRate } = options;
    return this.db.transaction(async tx => {
      const query = tx<RequestRow>(REQUESTS).where({ id });
      const row: RequestRow | undefined = await (tx.client.config.client ===
      'pg'
        ? query.forUpdate()
        : query
      ).first();
      if (!row) throw new NotFoundError(`No GPU request with id ${id}`);
      if (row.status !== 'active') {
        throw new ConflictError(
          `GPU request ${id} is ${row.status}; only an active grant can be shrunk`,
        );
      }
      const held = Number(row.gpu_count);
      if (count >= held) {
        throw new ConflictError(
          `count: the grant holds ${held}; shrinking needs fewer than that, not ${count}`,
        );
      }
      const hours = Number(row.duration_hours);
      const [updated] = await tx<RequestRow>(REQUESTS)
        .where({ id, status: 'active', gpu_count: held })
        .update({
          gpu_count: count,
          gpu_hours: count * hours,
          estimated_cost_cents: estimateCostCents({
            count,
            hours,
            hourlyRate,
          }),
          updated_at: timestamp(this.now()),
        })
        .returning('*');
      if (!updated) {
        throw new ConflictError(
          `GPU request ${id} changed meanwhile; try again`,
        );
      }
      // A grant that started at once holds its GPUs in the ledger row; a
      // reserved window's GPUs are counted from its interval, which now
      // carries the smaller count.
      if (!row.start_at) {
        await tx(LEDGER)
          .where({ team: row.team, quota_key: row.quota_key })
          .decrement('reserved', held - count);
      }
      return toRequest(updated);
    });
  }
}
