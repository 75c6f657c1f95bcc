import { CostMetric } from '@ai-platform/plugin-cost-common';
import { Knex } from 'knex';
import { nanosToNumber } from '../money/nanosToAmount';
import { applyDailyFilter, whereInChunked } from './knexHelpers';
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
  billed: 'billed_cost_nanos',
  effective: 'effective_cost_nanos',
};

function isMonthStart(day: string): boolean {
  return day.endsWith('-01');
}

function isMonthEnd(day: string): boolean {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Number(day.slice(8, 10)) === last;
}

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
    grain?: 'day' | 'month';
  }): Promise<DailyAmount[]> {
    const { query, dayColumn } = this.source(options);
    query
      .select({ day: dayColumn }, 'currency')
      .groupBy([dayColumn, 'currency']);
    const dimension = options.groupBy ? DIMENSIONS[options.groupBy] : undefined;
    if (dimension) query.select({ key: dimension }).groupBy(dimension);
    query.select(this.sumOf(options.metric));
    const rows: Array<{
      day: string;
      currency: string;
      key?: string | null;
      amount: string | null;
    }> = await query;
    return rows.map(r => {
      const nanos = BigInt(r.amount ?? 0);
      return {
        day: r.day,
        currency: r.currency,
        key: r.key ?? null,
        nanos,
        amount: nanosToNumber(nanos),
      };
    });
  }

  async totalNanos(options: {
    filter: DailyFilter;
    metric: CostMetric;
  }): Promise<bigint> {
    // Whole months of a group read the monthly team roll-up, as by month.
    const { query } = this.source({ ...options, grain: 'month' });
    const [row] = await query.select(this.sumOf(options.metric));
    return BigInt((row?.amount as string | null) ?? 0);
  }

  /**
   * The rows a filter reads: a group's totals or team split read the team
   * roll-ups, a row per team and month (whole months by month) or per team
   * and day; anything else the daily roll-up.
   */
  private source(options: {
    filter: DailyFilter;
    groupBy?: DailyDimension;
    grain?: 'day' | 'month';
  }): { query: Knex.QueryBuilder; dayColumn: string } {
    const { filter } = options;
    const byTeam =
      !filter.entityRef &&
      (options.groupBy === undefined || options.groupBy === 'team');
    const monthly =
      byTeam &&
      options.grain === 'month' &&
      isMonthStart(filter.from) &&
      isMonthEnd(filter.to);
    if (monthly) {
      const query = this.db(TABLES.teamMonthly)
        .where('month', '>=', filter.from)
        .where('month', '<=', filter.to);
      if (filter.teams) whereInChunked(query, 'team', filter.teams);
      return { query, dayColumn: 'month' };
    }
    const query = this.db(byTeam ? TABLES.teamDaily : TABLES.daily);
    applyDailyFilter(query, filter);
    return { query, dayColumn: 'day' };
  }

  /**
   * The metric's sum as text: PostgreSQL sums bigints to numeric, and
   * SQLite's 64-bit sum would lose digits past 2^53 as a JavaScript number.
   */
  private sumOf(metric: CostMetric) {
    return this.db.raw('CAST(SUM(??) AS TEXT) AS amount', [METRICS[metric]]);
  }

  async lastDay(filter: DailyFilter): Promise<string | null> {
    const table = filter.entityRef ? TABLES.daily : TABLES.teamDaily;
    const query = this.db(table).max({ day: 'day' });
    applyDailyFilter(query, filter);
    const [row] = await query;
    return (row?.day as string | null) ?? null;
  }
}
