import { Knex } from 'knex';
import { applyDailyFilter, chunks } from './knexHelpers';
import { monthsBetween, rebuildTeamMonths } from './rebuildTeamMonths';
import { TABLES } from './tables';
import { DailyFilter, GpuCostStore, GpuDailyRow } from './types';

const GPU_DAILY = TABLES.gpuDaily;
const DAILY = TABLES.daily;

/** Rows per query-builder insert: SQLite allows 500 terms in knex's compound SELECT. */
const BUILDER_BATCH_ROWS = 400;

/**
 * Kubernetes GPU allocation per grant and day, and its share of the daily
 * roll-up (source `kubernetes`). A grant's day is a computed price (hours
 * times the rate card), kept as is; it enters the roll-up rounded to the
 * nano-unit, the roll-up's exact unit.
 */
export class DatabaseGpuCostStore implements GpuCostStore {
  static create(options: { db: Knex }): DatabaseGpuCostStore {
    return new DatabaseGpuCostStore(options.db);
  }

  private constructor(private readonly db: Knex) {}

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
        `INSERT INTO ${DAILY} (source, provider, billing_account_id, billing_period, day, entity_ref, team, sub_account_id, service_name, gpu_class, currency, billed_cost_nanos, effective_cost_nanos, line_items)
         SELECT 'kubernetes', 'Kubernetes', cluster, substr(day, 1, 7) || '-01', day, entity_ref, team, cluster, 'Kubernetes GPU', gpu_class, currency, SUM(CAST(ROUND(allocated_cost * 1000000000) AS BIGINT)), SUM(CAST(ROUND(allocated_cost * 1000000000) AS BIGINT)), COUNT(*)
         FROM ${GPU_DAILY}
         WHERE day >= ? AND day <= ?
         GROUP BY cluster, day, entity_ref, team, gpu_class, currency`,
        [options.from, options.to],
      );
      await rebuildTeamMonths(trx, monthsBetween(options.from, options.to));
    });
  }

  async queryGpu(filter: DailyFilter): Promise<GpuDailyRow[]> {
    const query = this.db(GPU_DAILY).select('*');
    applyDailyFilter(query, filter);
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
}
