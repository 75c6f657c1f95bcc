import { randomUUID } from 'node:crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { Budget, CostMetric } from '@ai-platform/plugin-cost-common';
import { Knex } from 'knex';
import { AllocatedLineItem } from '../ingest/types';
import {
  CostStore,
  DailyAmount,
  DailyDimension,
  DailyFilter,
  GpuDailyRow,
  StoredIngestRun,
} from './types';

const migrationsDir = resolvePackagePath(
  '@ai-platform/plugin-cost-backend',
  'migrations',
);

const LINE_ITEMS = 'cost_line_items';
const DAILY = 'cost_daily';
const GPU_DAILY = 'cost_gpu_daily';
const RUNS = 'cost_ingest_runs';
const BUDGETS = 'cost_budgets';

/** Line item columns, in the order of the insert bindings. */
const LINE_ITEM_COLUMNS = [
  'ingest_run_id',
  'provider',
  'billing_account_id',
  'billing_period',
  'day',
  'sub_account_id',
  'sub_account_name',
  'service_name',
  'service_category',
  'charge_category',
  'resource_id',
  'sku_id',
  'region_id',
  'currency',
  'billed_cost',
  'effective_cost',
  'entity_ref',
  'team',
  'cost_center',
  'gpu_class',
];
const ROW_PLACEHOLDERS = `(${LINE_ITEM_COLUMNS.map(() => '?').join(', ')})`;

/**
 * Rows per insert statement: 20 bindings a row stays under SQLite's 32,766
 * and PostgreSQL's 65,535 parameters.
 */
const BATCH_ROWS = 1000;
/** Rows per query-builder insert: SQLite allows 500 terms in knex's compound SELECT. */
const BUILDER_BATCH_ROWS = 400;
/** PostgreSQL advisory lock key serialising billing ingests. */
const INGEST_LOCK_KEY = 7_310_551_001;

/** Values per `IN (...)` list. */
const IN_CHUNK = 500;

const DIMENSIONS: Record<DailyDimension, string> = {
  team: 'team',
  entity_ref: 'entity_ref',
  service_name: 'service_name',
  provider: 'provider',
  gpu_class: 'gpu_class',
  sub_account_id: 'sub_account_id',
};

const METRICS: Record<CostMetric, string> = {
  billed: 'billed_cost',
  effective: 'effective_cost',
};

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

interface BudgetRow {
  id: string;
  group_ref: string;
  amount: number | string;
  currency: string;
  updated_by: string;
  updated_at: string;
  notified_month: string | null;
}

function lineItemValues(
  runId: string,
  item: AllocatedLineItem,
): Array<string | number | null> {
  return [
    runId,
    item.provider,
    item.billingAccountId,
    item.billingPeriod,
    item.day,
    item.subAccountId,
    item.subAccountName,
    item.serviceName,
    item.serviceCategory,
    item.chargeCategory,
    item.resourceId,
    item.skuId,
    item.regionId,
    item.currency,
    item.billedCost,
    item.effectiveCost,
    item.entityRef,
    item.team,
    item.costCenter,
    item.gpuClass,
  ];
}

/**
 * SQLite: one multi-row VALUES statement per chunk, far faster than the
 * query builder's per-row SELECT ... UNION ALL form.
 */
async function insertLineItemsSqlite(
  trx: Knex.Transaction,
  runId: string,
  items: AllocatedLineItem[],
) {
  await trx.raw(
    `INSERT INTO ${LINE_ITEMS} (${LINE_ITEM_COLUMNS.join(', ')}) VALUES ${items
      .map(() => ROW_PLACEHOLDERS)
      .join(', ')}`,
    items.flatMap(item => lineItemValues(runId, item)),
  );
}

/**
 * PostgreSQL: the whole batch as one JSON parameter expanded by
 * `json_to_recordset`, so the server parses one value instead of tens of
 * thousands of bind parameters.
 */
async function insertLineItemsPostgres(
  trx: Knex.Transaction,
  runId: string,
  items: AllocatedLineItem[],
) {
  const rows = items.map(item => {
    const values = lineItemValues(runId, item);
    const row: Record<string, string | number | null> = {};
    LINE_ITEM_COLUMNS.forEach((column, i) => {
      row[column] = values[i];
    });
    return row;
  });
  const types = LINE_ITEM_COLUMNS.map(
    c => `${c} ${c.endsWith('_cost') ? 'double precision' : 'text'}`,
  ).join(', ');
  await trx.raw(
    `INSERT INTO ${LINE_ITEMS} (${LINE_ITEM_COLUMNS.join(', ')})
     SELECT ${LINE_ITEM_COLUMNS.join(
       ', ',
     )} FROM json_to_recordset(?::json) AS x(${types})`,
    [JSON.stringify(rows)],
  );
}

function chunks<T>(values: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) {
    out.push(values.slice(i, i + size));
  }
  return out;
}

/**
 * The cost tables in the plugin's database (SQLite or PostgreSQL): line
 * items, the daily roll-up, GPU allocation, ingest runs and budgets.
 */
export class DatabaseCostStore implements CostStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseCostStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseCostStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async ingestBilling(options: {
    runId: string;
    batches: AsyncIterable<AllocatedLineItem[]>;
    beforeCommit: () => void;
  }): Promise<{ rows: number; billingPeriods: string[] }> {
    const { runId } = options;
    const isPostgres = this.db.client.config.client === 'pg';
    return this.db.transaction(async trx => {
      if (isPostgres) {
        // Ingests run one at a time across replicas, so two files of the same
        // period cannot both survive the replacement.
        await trx.raw('SELECT pg_advisory_xact_lock(?)', [INGEST_LOCK_KEY]);
      }
      const periods = new Map<
        string,
        { provider: string; account: string; period: string }
      >();
      let rows = 0;
      for await (const batch of options.batches) {
        for (const item of batch) {
          const key = `${item.provider}\u0000${item.billingAccountId}\u0000${item.billingPeriod}`;
          if (!periods.has(key)) {
            periods.set(key, {
              provider: item.provider,
              account: item.billingAccountId,
              period: item.billingPeriod,
            });
          }
        }
        if (isPostgres) {
          await insertLineItemsPostgres(trx, runId, batch);
        } else {
          for (const part of chunks(batch, BATCH_ROWS)) {
            await insertLineItemsSqlite(trx, runId, part);
          }
        }
        rows += batch.length;
      }
      options.beforeCommit();

      for (const { provider, account, period } of periods.values()) {
        await trx(LINE_ITEMS)
          .where({
            provider,
            billing_account_id: account,
            billing_period: period,
          })
          .whereNot('ingest_run_id', runId)
          .delete();
        await trx(DAILY)
          .where({
            source: 'billing',
            provider,
            billing_account_id: account,
            billing_period: period,
          })
          .delete();
      }
      await trx.raw(
        `INSERT INTO ${DAILY} (source, provider, billing_account_id, billing_period, day, entity_ref, team, sub_account_id, service_name, gpu_class, currency, billed_cost, effective_cost, line_items)
         SELECT 'billing', provider, billing_account_id, billing_period, day, entity_ref, team, sub_account_id, service_name, gpu_class, currency, SUM(billed_cost), SUM(effective_cost), COUNT(*)
         FROM ${LINE_ITEMS}
         WHERE ingest_run_id = ?
         GROUP BY provider, billing_account_id, billing_period, day, entity_ref, team, sub_account_id, service_name, gpu_class, currency`,
        [runId],
      );
      const billingPeriods = [
        ...new Set([...periods.values()].map(p => p.period)),
      ].sort();
      return { rows, billingPeriods };
    });
  }

  private applyFilter(query: Knex.QueryBuilder, filter: DailyFilter) {
    query.where('day', '>=', filter.from).where('day', '<=', filter.to);
    if (filter.entityRef) {
      query.where('entity_ref', filter.entityRef);
    }
    if (filter.teams) {
      const teams = filter.teams;
      if (teams.length === 0) {
        query.whereRaw('1 = 0');
      } else {
        query.where(inner => {
          for (const part of chunks(teams, IN_CHUNK)) {
            inner.orWhereIn('team', part);
          }
        });
      }
    }
    return query;
  }

  async queryDaily(options: {
    filter: DailyFilter;
    groupBy?: DailyDimension;
    metric: CostMetric;
  }): Promise<DailyAmount[]> {
    const metric = METRICS[options.metric];
    const dimension = options.groupBy ? DIMENSIONS[options.groupBy] : undefined;
    const query = this.db(DAILY).select('day', 'currency');
    if (dimension) query.select({ key: dimension });
    query.sum({ amount: metric });
    this.applyFilter(query, options.filter);
    query.groupBy(['day', 'currency', ...(dimension ? [dimension] : [])]);
    const rows: Array<{
      day: string;
      currency: string;
      key?: string | null;
      amount: number | string | null;
    }> = await query;
    return rows.map(r => ({
      day: r.day,
      currency: r.currency,
      key: r.key ?? null,
      amount: Number(r.amount ?? 0),
    }));
  }

  async lastDay(filter: DailyFilter): Promise<string | null> {
    const query = this.db(DAILY).max({ day: 'day' });
    this.applyFilter(query, filter);
    const [row] = await query;
    return (row?.day as string | null) ?? null;
  }

  async replaceGpuDays(options: {
    from: string;
    to: string;
    rows: GpuDailyRow[];
  }): Promise<void> {
    await this.db.transaction(async trx => {
      await trx(GPU_DAILY)
        .where('day', '>=', options.from)
        .where('day', '<=', options.to)
        .delete();
      await trx(DAILY)
        .where({ source: 'kubernetes' })
        .where('day', '>=', options.from)
        .where('day', '<=', options.to)
        .delete();
      for (const part of chunks(options.rows, BUILDER_BATCH_ROWS)) {
        await trx(GPU_DAILY).insert(
          part.map(r => ({
            day: r.day,
            cluster: r.cluster,
            entity_ref: r.entityRef,
            team: r.team,
            gpu_class: r.gpuClass,
            grant_id: r.grantId,
            gpu_hours_allocated: r.gpuHoursAllocated,
            gpu_hours_used: r.gpuHoursUsed,
            hourly_rate: r.hourlyRate,
            allocated_cost: r.allocatedCost,
            used_cost: r.usedCost,
            currency: r.currency,
          })),
        );
      }
      await trx.raw(
        `INSERT INTO ${DAILY} (source, provider, billing_account_id, billing_period, day, entity_ref, team, sub_account_id, service_name, gpu_class, currency, billed_cost, effective_cost, line_items)
         SELECT 'kubernetes', 'Kubernetes', cluster, substr(day, 1, 7) || '-01', day, entity_ref, team, cluster, 'Kubernetes GPU', gpu_class, currency, SUM(allocated_cost), SUM(allocated_cost), COUNT(*)
         FROM ${GPU_DAILY}
         WHERE day >= ? AND day <= ?
         GROUP BY cluster, day, entity_ref, team, gpu_class, currency`,
        [options.from, options.to],
      );
    });
  }

  async queryGpu(filter: DailyFilter): Promise<GpuDailyRow[]> {
    const query = this.db(GPU_DAILY).select('*');
    this.applyFilter(query, filter);
    const rows = await query;
    return rows.map((r: Record<string, any>) => ({
      day: r.day,
      cluster: r.cluster,
      entityRef: r.entity_ref,
      team: r.team,
      gpuClass: r.gpu_class,
      grantId: r.grant_id,
      gpuHoursAllocated: Number(r.gpu_hours_allocated),
      gpuHoursUsed: Number(r.gpu_hours_used),
      hourlyRate: Number(r.hourly_rate),
      allocatedCost: Number(r.allocated_cost),
      usedCost: Number(r.used_cost),
      currency: r.currency,
    }));
  }

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
    await this.db(RUNS).insert(row).onConflict('id').merge();
  }

  async listRuns(limit: number): Promise<StoredIngestRun[]> {
    const rows: RunRow[] = await this.db(RUNS)
      .orderBy('started_at', 'desc')
      .limit(limit);
    return rows.map(toRun);
  }

  async getRun(id: string): Promise<StoredIngestRun | undefined> {
    const row: RunRow | undefined = await this.db(RUNS).where({ id }).first();
    return row ? toRun(row) : undefined;
  }

  async hasFileKey(fileKey: string): Promise<boolean> {
    const row = await this.db(RUNS)
      .where({ file_key: fileKey })
      .whereIn('status', ['succeeded', 'refused'])
      .first('id');
    return Boolean(row);
  }

  async listBudgets(
    groupRefs?: string[],
  ): Promise<Array<Budget & { notifiedMonth: string | null }>> {
    const query = this.db(BUDGETS).orderBy('group_ref');
    if (groupRefs) {
      if (groupRefs.length === 0) return [];
      query.where(inner => {
        for (const part of chunks(groupRefs, IN_CHUNK)) {
          inner.orWhereIn('group_ref', part);
        }
      });
    }
    const rows: BudgetRow[] = await query;
    return rows.map(r => ({ ...toBudget(r), notifiedMonth: r.notified_month }));
  }

  async getBudget(id: string): Promise<Budget | undefined> {
    const row: BudgetRow | undefined = await this.db(BUDGETS)
      .where({ id })
      .first();
    return row ? toBudget(row) : undefined;
  }

  async createBudget(budget: Omit<Budget, 'id'>): Promise<Budget> {
    const id = randomUUID();
    try {
      await this.db(BUDGETS).insert({
        id,
        group_ref: budget.groupRef,
        amount: budget.amount,
        currency: budget.currency,
        updated_by: budget.updatedBy,
        updated_at: budget.updatedAt,
      });
    } catch (error) {
      if (/unique|duplicate/i.test(String(error))) {
        throw new ConflictError(
          `${budget.groupRef} already has a budget; change it instead`,
        );
      }
      throw error;
    }
    return { id, ...budget };
  }

  async updateBudget(id: string, budget: Omit<Budget, 'id'>): Promise<Budget> {
    let updated: number;
    try {
      updated = await this.db(BUDGETS).where({ id }).update({
        group_ref: budget.groupRef,
        amount: budget.amount,
        currency: budget.currency,
        updated_by: budget.updatedBy,
        updated_at: budget.updatedAt,
        notified_month: null,
      });
    } catch (error) {
      if (/unique|duplicate/i.test(String(error))) {
        throw new ConflictError(`${budget.groupRef} already has a budget`);
      }
      throw error;
    }
    if (!updated) throw new NotFoundError(`No budget with id ${id}`);
    return { id, ...budget };
  }

  async deleteBudget(id: string): Promise<void> {
    const deleted = await this.db(BUDGETS).where({ id }).delete();
    if (!deleted) throw new NotFoundError(`No budget with id ${id}`);
  }

  async markBudgetNotified(id: string, month: string): Promise<void> {
    await this.db(BUDGETS).where({ id }).update({ notified_month: month });
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

function toBudget(r: BudgetRow): Budget {
  return {
    id: r.id,
    groupRef: r.group_ref,
    amount: Number(r.amount),
    currency: r.currency,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}
