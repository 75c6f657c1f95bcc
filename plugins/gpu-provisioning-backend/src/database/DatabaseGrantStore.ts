import {
  isUniqueViolation,
  openPluginDatabase,
} from '@ai-platform/plugin-ai-platform-node';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  GpuRequest,
  GpuRequestStatus,
  QUOTA_HOLDING_STATUSES,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { Knex } from 'knex';
import {
  changeColumns,
  LEDGER,
  REQUESTS,
  RequestRow,
  timestamp,
  toRequest,
} from './requestRows';
import {
  GpuRequestChanges,
  GpuRequestListFilter,
  GrantStore,
  GrantTotal,
  EndedSpan,
  NewGpuRequest,
} from './types';
import { applyCriteria, whereRefIn } from './whereCriteria';
import { GrantClaim } from '../types';
import {
  listAbandoned,
  recordFailedAttempt,
  renewClaim,
} from './applyAttempts';
import { activeGrantTotals, ledgerUsage } from './ledgerReads';
import { BatchedLedgerReads } from './BatchedLedgerReads';
import { ReservationsInFlight } from './ReservationsInFlight';
import { recordRequest } from './recordRequest';
import { countCapacityBooking } from './capacityBookings';
import { heldIntervals } from './intervalLedger';
import { extendGrant, ExtendGrantOptions } from './extendGrant';
import { DatabaseIdleGrantStore } from './DatabaseIdleGrantStore';

const migrationsDir = resolvePackagePath(
  '@ai-platform/plugin-gpu-provisioning-backend',
  'migrations',
);

/** Statuses whose rows wait out a retry backoff. */
const RETRYING_STATUSES: GpuRequestStatus[] = ['approved', 'provisioning'];

function isHolding(status: string): boolean {
  return (QUOTA_HOLDING_STATUSES as readonly string[]).includes(status);
}

/** Gives a request's quota back: GPUs held now, or one reservation. */
async function giveBack(tx: Knex.Transaction, row: RequestRow): Promise<void> {
  const ledgerRow = tx(LEDGER).where({
    team: row.team,
    quota_key: row.quota_key,
  });
  if (!row.start_at) {
    await ledgerRow.decrement('reserved', Number(row.gpu_count));
    return;
  }
  // The cluster's row before the team's, in the order bookings lock them.
  await countCapacityBooking(tx, {
    cluster: row.cluster,
    quotaKey: row.quota_key,
    by: -1,
  });
  await ledgerRow.decrement('scheduled', 1);
}

/**
 * The grant store on the plugin's database (PostgreSQL or SQLite): requests,
 * their status changes and the per-team quota ledger.
 *
 * @remarks
 * Every quota change happens in the transaction that changes the request's
 * status. A reservation is one conditional statement on the team's ledger
 * row ({@link recordRequest}), so concurrent requests from any number of
 * backend replicas cannot overdraw a quota; a request that starts later
 * books a time interval checked against the overlapping ones; status changes are compare and
 * set with `RETURNING`, so a request costs few statements, and the reads of
 * ledger rows that requests arriving together make are one statement
 * ({@link BatchedLedgerReads}); a request whose room is claimed by others in
 * flight waits for them rather than send a reservation bound to fail
 * ({@link ReservationsInFlight}). SQLite runs in write-ahead-log mode
 * (`openPluginDatabase`).
 */
export class DatabaseGrantStore implements GrantStore {
  private readonly db: Knex;
  private readonly now: () => Date;
  private readonly ledgerReads: BatchedLedgerReads;
  private readonly reservationsInFlight = new ReservationsInFlight();

  /**
   * Connects to the plugin's database and runs the migrations, unless
   * `database.migrations.skip` or `skipMigrations` is set.
   */
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
    /** The clock, for tests. */
    now?: () => Date;
  }): Promise<DatabaseGrantStore> {
    const db = await openPluginDatabase(options.database, {
      migrationsDirectory: migrationsDir,
      skipMigrations: options.skipMigrations,
    });
    return new DatabaseGrantStore(db, options.now ?? (() => new Date()));
  }

  private constructor(db: Knex, now: () => Date) {
    this.db = db;
    this.now = now;
    this.ledgerReads = new BatchedLedgerReads(db);
  }

  private get isPostgres(): boolean {
    return this.db.client.config.client === 'pg';
  }

  /** Locks the selected rows until the transaction ends, where the engine needs it. */
  private locked<T extends {}>(query: Knex.QueryBuilder<T>) {
    return this.isPostgres ? query.forUpdate() : query;
  }

  async create(options: {
    request: NewGpuRequest;
    quotaLimit: number;
    capacity?: number;
    idempotencyKey?: string;
  }): Promise<{ request: GpuRequest; created: boolean }> {
    const { request, idempotencyKey } = options;
    if (idempotencyKey) {
      const existing = await this.findByIdempotencyKey(
        idempotencyKey,
        request.requestedBy,
      );
      if (existing) return { request: existing, created: false };
    }
    try {
      const recorded = await recordRequest(this.db, {
        ...options,
        now: this.now(),
        readLedger: this.ledgerReads.read,
        inFlight: this.reservationsInFlight,
      });
      return { request: recorded, created: true };
    } catch (error) {
      // The same key sent twice at once: the second insert lost the race on
      // the unique index, and its transaction (reservation included) rolled back.
      if (idempotencyKey && isUniqueViolation(error)) {
        const existing = await this.findByIdempotencyKey(
          idempotencyKey,
          request.requestedBy,
        );
        if (existing) return { request: existing, created: false };
      }
      throw error;
    }
  }

  private async findByIdempotencyKey(
    key: string,
    requestedBy: string,
  ): Promise<GpuRequest | undefined> {
    const row = await this.db<RequestRow>(REQUESTS)
      .where({ idempotency_key: key, requested_by: requestedBy })
      .first();
    return row ? toRequest(row) : undefined;
  }

  async get(id: string): Promise<GpuRequest | undefined> {
    const row = await this.db<RequestRow>(REQUESTS).where({ id }).first();
    return row ? toRequest(row) : undefined;
  }

  async getMany(ids: string[]): Promise<Array<GpuRequest | undefined>> {
    if (ids.length === 0) return [];
    const rows = await this.db<RequestRow>(REQUESTS).whereIn('id', ids);
    const byId = new Map(rows.map(row => [row.id, toRequest(row)]));
    return ids.map(id => byId.get(id));
  }

  async list(filter: GpuRequestListFilter): Promise<GpuRequest[]> {
    const query = this.db<RequestRow>(REQUESTS);
    if (filter.requestedBy) {
      whereRefIn(query, 'requested_by', [filter.requestedBy]);
    }
    if (filter.teams) {
      whereRefIn(query, 'team', filter.teams);
    }
    if (filter.statuses) {
      query.whereIn('status', filter.statuses);
    }
    if (filter.entityRef) {
      whereRefIn(query, 'entity_ref', [filter.entityRef]);
    }
    if (filter.permissionFilter) {
      const criteria = filter.permissionFilter;
      query.where(builder => applyCriteria(builder, criteria));
    }
    const rows = await query.orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'asc' },
    ]);
    return rows.map(toRequest);
  }

  /**
   * Requests in any of the statuses. With `dueBefore`, requests waiting out
   * a retry backoff after a failed provisioning attempt
   * ({@link DatabaseGrantStore.recordFailedAttempt}) until later than that
   * are left out.
   */
  async listByStatus(
    statuses: GpuRequestStatus[],
    options?: { dueBefore?: Date },
  ): Promise<GpuRequest[]> {
    const query = this.db<RequestRow>(REQUESTS).whereIn('status', statuses);
    if (options?.dueBefore) {
      const due = timestamp(options.dueBefore);
      query.where(builder =>
        builder
          .whereNotIn('status', RETRYING_STATUSES)
          .orWhereNull('next_attempt_at')
          .orWhere('next_attempt_at', '<=', due),
      );
      // A reservation is not due before its window starts.
      query.where(builder =>
        builder
          .whereNot('status', 'approved')
          .orWhereNull('start_at')
          .orWhere('start_at', '<=', due),
      );
    }
    const rows = await query.orderBy('created_at', 'asc');
    return rows.map(toRequest);
  }

  transition(
    id: string,
    from: GpuRequestStatus[],
    to: GpuRequestStatus,
    changes: GpuRequestChanges = {},
  ): Promise<GpuRequest | undefined> {
    return this.move(id, from, to, changeColumns(changes));
  }

  claim(
    id: string,
    claim: GrantClaim,
    namespace: string,
  ): Promise<GpuRequest | undefined> {
    return this.move(id, ['approved'], 'provisioning', {
      namespace,
      claimed_by: claim.owner,
      claim_expires_at: timestamp(claim.until),
    });
  }

  renewClaim(id: string, claim: GrantClaim): Promise<boolean> {
    return renewClaim(this.db, id, claim);
  }

  listAbandoned(now: Date): Promise<GpuRequest[]> {
    return listAbandoned(this.db, now);
  }

  /**
   * The compare and set behind every status change; `columns` are written
   * with it. When every status in `from` holds quota, or none does, one
   * `UPDATE ... RETURNING` decides (and one ledger update follows when the
   * quota is given back); a mixed `from` reads the row first to know whether
   * the quota moves.
   */
  private async move(
    id: string,
    from: GpuRequestStatus[],
    to: GpuRequestStatus,
    columns: Record<string, unknown>,
  ): Promise<GpuRequest | undefined> {
    const holding = from.map(isHolding);
    const uniform = holding.every(h => h === holding[0]);
    if (!uniform || (!holding[0] && isHolding(to))) {
      return this.moveAfterRead(id, from, to, columns);
    }
    const update = this.statusUpdate(to, columns);
    if (!(holding[0] && !isHolding(to))) {
      const [row] = await this.db<RequestRow>(REQUESTS)
        .where({ id })
        .whereIn('status', from)
        .update(update)
        .returning('*');
      return row ? toRequest(row) : undefined;
    }
    return this.db.transaction(async tx => {
      const [row] = await tx<RequestRow>(REQUESTS)
        .where({ id })
        .whereIn('status', from)
        .update(update)
        .returning('*');
      if (!row) return undefined;
      await giveBack(tx, row);
      return toRequest(row);
    });
  }

  /** The row's columns when it moves to `to`, with `columns`. */
  private statusUpdate(
    to: GpuRequestStatus,
    columns: Record<string, unknown>,
  ): Record<string, unknown> {
    const update: Record<string, unknown> = {
      status: to,
      updated_at: timestamp(this.now()),
    };
    if (!RETRYING_STATUSES.includes(to)) {
      // The retry schedule ends with the attempts: active, failed or ended.
      update.next_attempt_at = null;
    }
    if (to === 'active') {
      // A grant that made it is no longer reported with its last failure.
      update.last_error = null;
    }
    if (to !== 'provisioning') {
      update.claimed_by = null;
      update.claim_expires_at = null;
    }
    return Object.assign(update, columns);
  }

  /** {@link DatabaseGrantStore.move} when `from` mixes statuses that hold quota and ones that do not. */
  private async moveAfterRead(
    id: string,
    from: GpuRequestStatus[],
    to: GpuRequestStatus,
    columns: Record<string, unknown>,
  ): Promise<GpuRequest | undefined> {
    return this.db.transaction(async tx => {
      const row: RequestRow | undefined = await this.locked(
        tx<RequestRow>(REQUESTS).where({ id }),
      ).first();
      if (!row || !(from as string[]).includes(row.status)) {
        return undefined;
      }
      if (!isHolding(row.status) && isHolding(to)) {
        throw new ConflictError(
          `GPU request ${id} is ${row.status} and cannot become ${to}: it no longer holds quota`,
        );
      }
      // Compare and set: the status read above is the one replaced.
      const [updated] = await tx<RequestRow>(REQUESTS)
        .where({ id, status: row.status })
        .update(this.statusUpdate(to, columns))
        .returning('*');
      if (!updated) return undefined;
      if (isHolding(row.status) && !isHolding(to)) {
        await giveBack(tx, row);
      }
      return toRequest(updated);
    });
  }

  async extend(options: Omit<ExtendGrantOptions, 'now'>): Promise<GpuRequest> {
    await extendGrant(this.db, { ...options, now: this.now() });
    return (await this.get(options.id))!;
  }

  recordFailedAttempt(id: string, error: string): Promise<number> {
    return recordFailedAttempt(this.db, { id, error, now: this.now() });
  }

  async markExpiryWarned(id: string): Promise<boolean> {
    const updated = await this.db(REQUESTS)
      .where({ id })
      .whereNull('expiry_warned_at')
      .update({ expiry_warned_at: timestamp(this.now()) });
    return updated === 1;
  }

  async markStartWarned(id: string): Promise<boolean> {
    const updated = await this.db(REQUESTS)
      .where({ id, status: 'approved' })
      .whereNotNull('start_at')
      .whereNull('start_warned_at')
      .update({ start_warned_at: timestamp(this.now()) });
    return updated === 1;
  }

  usage(team: string): Promise<Record<string, number>> {
    return ledgerUsage(this.db, team, this.now());
  }

  activeGrantTotals(): Promise<GrantTotal[]> {
    return activeGrantTotals(this.db);
  }

  async endedSpans(
    options: Parameters<GrantStore['endedSpans']>[0],
  ): Promise<EndedSpan[]> {
    const rows = await this.db<RequestRow>(REQUESTS)
      .whereIn('status', ['released', 'expired'])
      .where('gpu_class', options.gpuClass)
      .where(builder =>
        options.migProfile
          ? builder.where('mig_profile', options.migProfile)
          : builder.whereNull('mig_profile'),
      )
      .where('ended_at', '>=', timestamp(options.since))
      .whereNotNull('active_since')
      .whereNotNull('expires_at')
      .select('active_since', 'expires_at', 'ended_at');
    return rows.map(row => ({
      activeSince: timestamp(row.active_since!),
      expiresAt: timestamp(row.expires_at!),
      endedAt: timestamp(row.ended_at!),
    }));
  }

  heldIntervals(options: Parameters<GrantStore['heldIntervals']>[0]) {
    return heldIntervals(this.db, options);
  }

  idleGrants(): DatabaseIdleGrantStore {
    return DatabaseIdleGrantStore.create({ db: this.db, now: this.now });
  }
}
