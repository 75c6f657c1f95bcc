import { randomUUID } from 'node:crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import {
  GpuRequest,
  GpuRequestStatus,
  QUOTA_HOLDING_STATUSES,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { Knex } from 'knex';
import { quotaKeyOf } from '../config/GpuProvisioningConfig';
import { estimateCost } from '../service/estimateCost';
import {
  GpuRequestChanges,
  GpuRequestListFilter,
  GpuRequestPermissionQuery,
  GrantStore,
  GrantTotal,
  NewGpuRequest,
} from './types';

const migrationsDir = resolvePackagePath(
  '@ai-platform/plugin-gpu-provisioning-backend',
  'migrations',
);

const REQUESTS = 'gpu_requests';
const LEDGER = 'gpu_quota_usage';

/** First retry after 30 seconds, doubling, at most every 30 minutes. */
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 30 * 60_000;

/** Statuses whose rows wait out a retry backoff. */
const RETRYING_STATUSES: GpuRequestStatus[] = ['approved', 'provisioning'];

interface RequestRow {
  id: string;
  team: string;
  entity_ref: string | null;
  cluster: string;
  gpu_class: string;
  mig_profile: string | null;
  quota_key: string;
  gpu_count: number;
  duration_hours: number;
  purpose: string;
  data_classification: string;
  justification: string;
  status: string;
  requested_by: string;
  idempotency_key: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  gpu_hours: number;
  estimated_cost: number | string;
  requires_approval: boolean | number;
  decided_by: string | null;
  decided_at: Date | string | null;
  rejection_reason: string | null;
  namespace: string | null;
  active_since: Date | string | null;
  expires_at: Date | string | null;
  ended_at: Date | string | null;
  last_error: string | null;
  attempts: number;
  next_attempt_at: Date | string | null;
  expiry_warned_at: Date | string | null;
}

const CHANGE_COLUMNS: Record<keyof GpuRequestChanges, keyof RequestRow> = {
  namespace: 'namespace',
  activeSince: 'active_since',
  expiresAt: 'expires_at',
  endedAt: 'ended_at',
  lastError: 'last_error',
  decidedBy: 'decided_by',
  decidedAt: 'decided_at',
  rejectionReason: 'rejection_reason',
};

const TIME_CHANGES = new Set<keyof GpuRequestChanges>([
  'activeSince',
  'expiresAt',
  'endedAt',
  'decidedAt',
]);

function isHolding(status: string): boolean {
  return (QUOTA_HOLDING_STATUSES as readonly string[]).includes(status);
}

/** Timestamps are written as ISO strings: PostgreSQL parses them, SQLite compares them. */
function timestamp(value: Date | string): string {
  return new Date(value).toISOString();
}

function isoOrUndefined(value: Date | string | null): string | undefined {
  return value === null || value === undefined
    ? undefined
    : new Date(value).toISOString();
}

function toRequest(row: RequestRow): GpuRequest {
  const request: GpuRequest = {
    id: row.id,
    team: row.team,
    cluster: row.cluster,
    gpuClass: row.gpu_class,
    count: Number(row.gpu_count),
    durationHours: Number(row.duration_hours),
    purpose: row.purpose as GpuRequest['purpose'],
    dataClassification:
      row.data_classification as GpuRequest['dataClassification'],
    justification: row.justification,
    status: row.status as GpuRequestStatus,
    requestedBy: row.requested_by,
    createdAt: timestamp(row.created_at),
    updatedAt: timestamp(row.updated_at),
    gpuHours: Number(row.gpu_hours),
    estimatedCost: Number(row.estimated_cost),
    requiresApproval: Boolean(row.requires_approval),
  };
  const optional: Partial<GpuRequest> = {
    entityRef: row.entity_ref ?? undefined,
    migProfile: row.mig_profile ?? undefined,
    decidedBy: row.decided_by ?? undefined,
    decidedAt: isoOrUndefined(row.decided_at),
    rejectionReason: row.rejection_reason ?? undefined,
    namespace: row.namespace ?? undefined,
    activeSince: isoOrUndefined(row.active_since),
    expiresAt: isoOrUndefined(row.expires_at),
    endedAt: isoOrUndefined(row.ended_at),
    lastError: row.last_error ?? undefined,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) {
      (request as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return request;
}

function describeQuota(quotaKey: string): string {
  return quotaKey.includes('/') ? 'MIG instances' : 'GPUs';
}

/**
 * The grant store on the plugin's database (PostgreSQL or SQLite): requests,
 * their status changes and the per-team quota ledger.
 *
 * @remarks
 * Every quota change happens in the transaction that changes the request's
 * status. On PostgreSQL the team's ledger row is locked (`SELECT ... FOR
 * UPDATE`) while the reservation is checked, so concurrent requests from any
 * number of backend replicas cannot overdraw a quota; SQLite serialises
 * writers on its single connection.
 */
export class DatabaseGrantStore implements GrantStore {
  private readonly db: Knex;
  private readonly now: () => Date;

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
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseGrantStore(db, options.now ?? (() => new Date()));
  }

  private constructor(db: Knex, now: () => Date) {
    this.db = db;
    this.now = now;
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
    idempotencyKey?: string;
  }): Promise<{ request: GpuRequest; created: boolean }> {
    const { request, quotaLimit, idempotencyKey } = options;
    const quotaKey = quotaKeyOf(request);
    if (idempotencyKey) {
      const existing = await this.findByIdempotencyKey(
        idempotencyKey,
        request.requestedBy,
      );
      if (existing) return { request: existing, created: false };
    }
    try {
      const created = await this.db.transaction(async tx => {
        await tx(LEDGER)
          .insert({ team: request.team, quota_key: quotaKey, reserved: 0 })
          .onConflict(['team', 'quota_key'])
          .ignore();
        const ledger = await this.locked(
          tx(LEDGER)
            .where({ team: request.team, quota_key: quotaKey })
            .select('reserved'),
        ).first();
        const reserved = Number(ledger?.reserved ?? 0);
        if (reserved + request.count > quotaLimit) {
          const left = Math.max(0, quotaLimit - reserved);
          throw new ConflictError(
            `Quota exceeded for ${quotaKey} in ${request.team}: requested ${
              request.count
            }, ${left} of ${quotaLimit} ${describeQuota(quotaKey)} left`,
          );
        }
        await tx(LEDGER)
          .where({ team: request.team, quota_key: quotaKey })
          .update({ reserved: reserved + request.count });

        const now = timestamp(this.now());
        const row = {
          id: randomUUID(),
          team: request.team,
          entity_ref: request.entityRef ?? null,
          cluster: request.cluster,
          gpu_class: request.gpuClass,
          mig_profile: request.migProfile ?? null,
          quota_key: quotaKey,
          gpu_count: request.count,
          duration_hours: request.durationHours,
          purpose: request.purpose,
          data_classification: request.dataClassification,
          justification: request.justification,
          status: request.status,
          requested_by: request.requestedBy,
          idempotency_key: idempotencyKey ?? null,
          created_at: now,
          updated_at: now,
          gpu_hours: request.gpuHours,
          estimated_cost: request.estimatedCost,
          requires_approval: request.requiresApproval,
          attempts: 0,
        };
        await tx(REQUESTS).insert(row);
        return row.id;
      });
      return { request: (await this.get(created))!, created: true };
    } catch (error) {
      // The same key sent twice at once: the second insert lost the race on
      // the unique index, and its transaction (reservation included) rolled back.
      if (idempotencyKey && this.isUniqueViolation(error)) {
        const existing = await this.findByIdempotencyKey(
          idempotencyKey,
          request.requestedBy,
        );
        if (existing) return { request: existing, created: false };
      }
      throw error;
    }
  }

  private isUniqueViolation(error: unknown): boolean {
    const e = error as { code?: string; message?: string };
    return (
      e?.code === '23505' ||
      e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
      /UNIQUE constraint failed/.test(e?.message ?? '')
    );
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
    }
    const rows = await query.orderBy('created_at', 'asc');
    return rows.map(toRequest);
  }

  async transition(
    id: string,
    from: GpuRequestStatus[],
    to: GpuRequestStatus,
    changes: GpuRequestChanges = {},
  ): Promise<GpuRequest | undefined> {
    const moved = await this.db.transaction(async tx => {
      const row: RequestRow | undefined = await this.locked(
        tx<RequestRow>(REQUESTS).where({ id }),
      ).first();
      if (!row || !(from as string[]).includes(row.status)) {
        return false;
      }
      if (!isHolding(row.status) && isHolding(to)) {
        throw new ConflictError(
          `GPU request ${id} is ${row.status} and cannot become ${to}: it no longer holds quota`,
        );
      }
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
      for (const [key, value] of Object.entries(changes)) {
        const column = CHANGE_COLUMNS[key as keyof GpuRequestChanges];
        if (!column) continue;
        if (value === undefined || value === null) {
          update[column] = null;
        } else if (TIME_CHANGES.has(key as keyof GpuRequestChanges)) {
          update[column] = timestamp(value);
        } else {
          update[column] = value;
        }
      }
      // Compare and set: the status read above is the one replaced.
      const updated = await tx(REQUESTS)
        .where({ id, status: row.status })
        .update(update);
      if (updated !== 1) {
        return false;
      }
      if (isHolding(row.status) && !isHolding(to)) {
        await tx(LEDGER)
          .where({ team: row.team, quota_key: row.quota_key })
          .decrement('reserved', Number(row.gpu_count));
      }
      return true;
    });
    return moved ? this.get(id) : undefined;
  }

  async extend(options: {
    id: string;
    additionalHours: number;
    maxDurationHours: number;
    hourlyRate: number;
  }): Promise<GpuRequest> {
    const { id, additionalHours, maxDurationHours, hourlyRate } = options;
    await this.db.transaction(async tx => {
      const row: RequestRow | undefined = await this.locked(
        tx<RequestRow>(REQUESTS).where({ id }),
      ).first();
      if (!row) {
        throw new NotFoundError(`No GPU request with id ${id}`);
      }
      if (!isHolding(row.status)) {
        throw new ConflictError(
          `GPU request ${id} is ${row.status} and can no longer be extended`,
        );
      }
      const durationHours = Number(row.duration_hours) + additionalHours;
      if (durationHours > maxDurationHours) {
        throw new InputError(
          `additionalHours: extending by ${additionalHours} hours would make the grant ${durationHours} hours long, over the maximum of ${maxDurationHours} hours (${
            maxDurationHours - Number(row.duration_hours)
          } hours left)`,
        );
      }
      const count = Number(row.gpu_count);
      const expiresAt = row.expires_at
        ? timestamp(
            new Date(
              new Date(row.expires_at).getTime() + additionalHours * 3_600_000,
            ),
          )
        : null;
      await tx(REQUESTS)
        .where({ id })
        .update({
          duration_hours: durationHours,
          gpu_hours: count * durationHours,
          estimated_cost: estimateCost({
            count,
            hours: durationHours,
            hourlyRate,
          }),
          expires_at: expiresAt,
          expiry_warned_at: null,
          updated_at: timestamp(this.now()),
        });
    });
    return (await this.get(id))!;
  }

  async recordFailedAttempt(id: string, error: string): Promise<number> {
    return this.db.transaction(async tx => {
      const row: RequestRow | undefined = await this.locked(
        tx<RequestRow>(REQUESTS).where({ id }),
      ).first();
      if (!row) {
        throw new NotFoundError(`No GPU request with id ${id}`);
      }
      const before = Number(row.attempts);
      const delay = Math.min(BACKOFF_BASE_MS * 2 ** before, BACKOFF_MAX_MS);
      const now = this.now();
      await tx(REQUESTS)
        .where({ id })
        .update({
          attempts: before + 1,
          last_error: error,
          next_attempt_at: timestamp(new Date(now.getTime() + delay)),
          updated_at: timestamp(now),
        });
      return before + 1;
    });
  }

  async markExpiryWarned(id: string): Promise<boolean> {
    const updated = await this.db(REQUESTS)
      .where({ id })
      .whereNull('expiry_warned_at')
      .update({ expiry_warned_at: timestamp(this.now()) });
    return updated === 1;
  }

  async usage(team: string): Promise<Record<string, number>> {
    const rows = await whereRefIn(this.db(LEDGER), 'team', [team]).select(
      'quota_key',
      'reserved',
    );
    const usage: Record<string, number> = {};
    for (const row of rows) {
      const key = row.quota_key as string;
      usage[key] = (usage[key] ?? 0) + Number(row.reserved);
    }
    return usage;
  }

  async activeGrantTotals(): Promise<GrantTotal[]> {
    const rows: Array<{
      cluster: string;
      gpu_class: string;
      mig_profile: string | null;
      count: number | string;
    }> = await this.db(REQUESTS)
      .where({ status: 'active' })
      .groupBy('cluster', 'gpu_class', 'mig_profile')
      .select('cluster', 'gpu_class', 'mig_profile')
      .sum({ count: 'gpu_count' });
    return rows.map(row => ({
      cluster: row.cluster,
      gpuClass: row.gpu_class,
      ...(row.mig_profile ? { migProfile: row.mig_profile } : {}),
      count: Number(row.count),
    }));
  }
}

const PERMISSION_COLUMNS: Record<
  GpuRequestPermissionQuery['property'],
  string
> = {
  requestedBy: 'requested_by',
  team: 'team',
};

/** Turns permission criteria into a where clause; empty `anyOf` matches nothing. */
function applyCriteria(
  builder: Knex.QueryBuilder,
  criteria: PermissionCriteria<GpuRequestPermissionQuery>,
): void {
  if (isAndCriteria(criteria)) {
    for (const sub of criteria.allOf) {
      builder.andWhere(inner => applyCriteria(inner, sub));
    }
  } else if (isOrCriteria(criteria)) {
    if (criteria.anyOf.length === 0) {
      builder.whereRaw('1 = 0');
      return;
    }
    for (const sub of criteria.anyOf) {
      builder.orWhere(inner => applyCriteria(inner, sub));
    }
  } else if (isNotCriteria(criteria)) {
    builder.whereNot(inner => applyCriteria(inner, criteria.not));
  } else {
    whereRefIn(builder, PERMISSION_COLUMNS[criteria.property], criteria.values);
  }
}

/**
 * Entity refs compare case-insensitively: the column, lower-cased in SQL,
 * is one of the values, lower-cased. Requests store refs lower case since
 * they were first written, so this also matches rows written by hand or by
 * an older version, without a migration. An empty list matches nothing.
 */
function whereRefIn<Q extends Knex.QueryBuilder>(
  builder: Q,
  column: string,
  values: string[],
): Q {
  if (values.length === 0) {
    return builder.whereRaw('1 = 0') as Q;
  }
  const lower = [...new Set(values.map(v => v.toLocaleLowerCase('en-US')))];
  return builder.whereRaw(`lower(??) in (${lower.map(() => '?').join(', ')})`, [
    column,
    ...lower,
  ]) as Q;
}
