import { CostMetric } from '@ai-platform/plugin-cost-common';
import { Knex } from 'knex';
import { applyDailyFilter } from './knexHelpers';
import { TABLES } from './tables';
import {
  DailyAmount,
  DailyCostStore,
  DailyDimension,
  DailyFilter,
} from './types';

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

/** Sums over the daily roll-up of billing and Kubernetes GPU cost. */
export class DatabaseDailyCostStore implements DailyCostStore {
  static create(options: { db: Knex }): DatabaseDailyCostStore {
    return new DatabaseDailyCostStore(options.db);
  }

  private constructor(private readonly db: Knex) {}

  async queryDaily(options: {
    filter: DailyFilter;
    groupBy?: DailyDimension;
    metric: CostMetric;
  }): Promise<DailyAmount[]> {
    const metric = METRICS[options.metric];
    const dimension = options.groupBy ? DIMENSIONS[options.groupBy] : undefined;
    const query = this.db(TABLES.daily).select('day', 'currency');
    if (dimension) query.select({ key: dimension });
    query.sum({ amount: metric });
    applyDailyFilter(query, options.filter);
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
    const query = this.db(TABLES.daily).max({ day: 'day' });
    applyDailyFilter(query, filter);
    const [row] = await query;
    return (row?.day as string | null) ?? null;
  }
}
