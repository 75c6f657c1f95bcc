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
 * roll-up (source `kubernetes`). Prices are integer nano-units, priced
 * exactly by the allocation job; the roll-up sums them as integers.
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
            // Decimal text binds exactly to bigint on both engines.
            hourly_rate_nanos: String(r.hourlyRateNanos),
            allocated_cost_nanos: String(r.allocatedCostNanos),
            used_cost_nanos: String(r.usedCostNanos),
            currency: r.currency,
          })),
        );
      }
      await trx.raw(
        `INSERT INTO ${DAILY} (source, provider, billing_account_id, billing_period, day, entity_ref, team, sub_account_id, service_name, gpu_class, currency, billed_cost_nanos, effective_cost_nanos, line_items)
         SELECT 'kubernetes', 'Kubernetes', cluster, substr(day, 1, 7) || '-01', day, entity_ref, team, cluster, 'Kubernetes GPU', gpu_class, currency, SUM(allocated_cost_nanos), SUM(allocated_cost_nanos), COUNT(*)
         FROM ${GPU_DAILY}
         WHERE day >= ? AND day <= ?
         GROUP BY cluster, day, entity_ref, team, gpu_class, currency`,
        [options.from, options.to],
      );
      await rebuildTeamMonths(trx, monthsBetween(options.from, options.to));
    });
  }

  async queryGpu(filter: DailyFilter): Promise<GpuDailyRow[]> {
    // Nano-units come back as text: beyond 2^53 a driver's number is not exact.
    const query = this.db(GPU_DAILY).select(
      'day',
      'cluster',
      'entity_ref',
      'team',
      'gpu_class',
      'grant_id',
      'gpu_hours_allocated',
      'gpu_hours_used',
      'currency',
      this.db.raw('CAST(hourly_rate_nanos AS TEXT) AS hourly_rate_nanos'),
      this.db.raw('CAST(allocated_cost_nanos AS TEXT) AS allocated_cost_nanos'),
      this.db.raw('CAST(used_cost_nanos AS TEXT) AS used_cost_nanos'),
    );
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
      hourlyRateNanos: BigInt(r.hourly_rate_nanos),
      allocatedCostNanos: BigInt(r.allocated_cost_nanos),
      usedCostNanos: BigInt(r.used_cost_nanos),
      currency: r.currency,
    }));
  }
}
