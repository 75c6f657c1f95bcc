import {
  entityRefKey,
  isUniqueViolation,
  openPluginDatabase,
} from '@ai-platform/plugin-ai-platform-node';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Approval, ApprovalStatus } from '@ai-platform/plugin-approvals-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import {
  ApprovalEnd,
  ApprovalListFilter,
  ApprovalStore,
  NewApproval,
} from './types';

const migrationsDir = resolvePackagePath(
  '@ai-platform/plugin-approvals-backend',
  'migrations',
);

const TABLE = 'approvals';

type ApprovalRow = {
  id: string;
  status: string;
  approver_group: string;
  approver_group_key: string;
  title: string;
  description: string | null;
  link: string | null;
  requested_by: string;
  requested_by_key: string;
  requested_via: string | null;
  created_at: Date | string | number;
  expires_at: Date | string | number | null;
  decided_by: string | null;
  decided_at: Date | string | number | null;
  reason: string | null;
  idempotency_key?: string | null;
};

/** SQLite gives back what it stored (epoch ms or text), PostgreSQL a Date. */
function iso(value: Date | string | number): string {
  return new Date(value).toISOString();
}

/**
 * Approvals on the plugin's database (PostgreSQL or SQLite). A pending
 * approval whose `expires_at` has passed reads as `expired`; every end is a
 * compare and set on `status = 'pending'` and an unexpired `expires_at`, so
 * two approvers deciding at once, or a decision racing a withdrawal, end it
 * once.
 */
export class DatabaseApprovalStore implements ApprovalStore {
  /**
   * Connects to the plugin's database and runs the migrations, unless
   * `database.migrations.skip` is set.
   */
  static async create(options: {
    database: DatabaseService;
    /** The clock, for tests. */
    now?: () => Date;
  }): Promise<DatabaseApprovalStore> {
    const db = await openPluginDatabase(options.database, {
      migrationsDirectory: migrationsDir,
    });
    return new DatabaseApprovalStore(db, options.now ?? (() => new Date()));
  }

  private constructor(
    private readonly db: Knex,
    private readonly now: () => Date,
  ) {}

  async create(
    approval: NewApproval,
  ): Promise<{ approval: Approval; created: boolean }> {
    const { idempotencyKey } = approval;
    const requestedByKey = entityRefKey(approval.requestedBy);
    const earlier = () =>
      this.db<ApprovalRow>(TABLE)
        .where({
          requested_by_key: requestedByKey,
          idempotency_key: idempotencyKey!,
        })
        .first();
    if (idempotencyKey) {
      const existing = await earlier();
      if (existing)
        return { approval: this.toApproval(existing), created: false };
    }
    const row: ApprovalRow = {
      id: randomUUID(),
      status: 'pending',
      approver_group: approval.approverGroup,
      approver_group_key: entityRefKey(approval.approverGroup, {
        defaultKind: 'group',
      }),
      title: approval.title,
      description: approval.description ?? null,
      link: approval.link ?? null,
      requested_by: approval.requestedBy,
      requested_by_key: requestedByKey,
      requested_via: approval.requestedVia ?? null,
      created_at: this.now(),
      expires_at: approval.expiresAt ?? null,
      decided_by: null,
      decided_at: null,
      reason: null,
      idempotency_key: idempotencyKey ?? null,
    };
    try {
      await this.db<ApprovalRow>(TABLE).insert(row);
    } catch (error) {
      // The same key sent twice at once: the second insert lost on the index.
      const existing =
        idempotencyKey && isUniqueViolation(error)
          ? await earlier()
          : undefined;
      if (!existing) throw error;
      return { approval: this.toApproval(existing), created: false };
    }
    return { approval: this.toApproval(row), created: true };
  }

  async get(id: string): Promise<Approval | undefined> {
    const row = await this.db<ApprovalRow>(TABLE).where({ id }).first();
    return row ? this.toApproval(row) : undefined;
  }

  async list(filter: ApprovalListFilter): Promise<Approval[]> {
    const now = this.now();
    const query = this.db<ApprovalRow>(TABLE)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(filter.limit);
    if (filter.approverGroupKeys) {
      query.whereIn('approver_group_key', filter.approverGroupKeys);
    }
    if (filter.requestedBy) {
      query.where('requested_by_key', entityRefKey(filter.requestedBy));
    }
    if (filter.notRequestedBy) {
      query.whereNot('requested_by_key', entityRefKey(filter.notRequestedBy));
    }
    switch (filter.status) {
      case undefined:
        break;
      case 'pending':
        query
          .where('status', 'pending')
          .where(q =>
            q.whereNull('expires_at').orWhere('expires_at', '>', now),
          );
        break;
      case 'expired':
        query.where('status', 'pending').where('expires_at', '<=', now);
        break;
      default:
        query.where('status', filter.status);
    }
    const rows = await query;
    return rows.map(row => this.toApproval(row));
  }

  async end(id: string, end: ApprovalEnd): Promise<Approval | undefined> {
    const now = this.now();
    const changed = await this.db<ApprovalRow>(TABLE)
      .where({ id, status: 'pending' })
      .where(q => q.whereNull('expires_at').orWhere('expires_at', '>', now))
      .update({
        status: end.status,
        decided_by: end.decidedBy,
        decided_at: now,
        reason: end.reason ?? null,
      });
    return changed ? this.get(id) : undefined;
  }

  private toApproval(row: ApprovalRow): Approval {
    const expired =
      row.status === 'pending' &&
      row.expires_at !== null &&
      new Date(row.expires_at).getTime() <= this.now().getTime();
    return {
      id: row.id,
      status: (expired ? 'expired' : row.status) as ApprovalStatus,
      approverGroup: row.approver_group,
      title: row.title,
      ...(row.description !== null ? { description: row.description } : {}),
      ...(row.link !== null ? { link: row.link } : {}),
      requestedBy: row.requested_by,
      ...(row.requested_via !== null
        ? { requestedVia: row.requested_via }
        : {}),
      createdAt: iso(row.created_at),
      ...(row.expires_at !== null ? { expiresAt: iso(row.expires_at) } : {}),
      ...(row.decided_by !== null ? { decidedBy: row.decided_by } : {}),
      ...(row.decided_at !== null ? { decidedAt: iso(row.decided_at) } : {}),
      ...(row.reason !== null ? { reason: row.reason } : {}),
    };
  }
}
