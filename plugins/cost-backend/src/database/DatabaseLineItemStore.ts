import { Knex } from 'knex';
import { applyDailyFilter } from './knexHelpers';
import { TABLES } from './tables';
import { LineItemFilter, LineItemStore, StoredLineItem } from './types';

interface LineItemRow {
  id: string | number;
  day: string;
  provider: string;
  billing_account_id: string;
  sub_account_id: string | null;
  service_name: string;
  charge_category: string;
  resource_id: string | null;
  sku_id: string | null;
  region_id: string | null;
  currency: string;
  billed: string;
  effective: string;
  entity_ref: string | null;
  team: string;
}

/** Line items per read of {@link DatabaseLineItemStore.streamLineItems}. */
const STREAM_PAGE = 5000;

/** Line items of a team or entity in the database, in (day, id) order, for drill-down. */
export class DatabaseLineItemStore implements LineItemStore {
  static create(options: { db: Knex }): DatabaseLineItemStore {
    return new DatabaseLineItemStore(options.db);
  }

  private constructor(private readonly db: Knex) {}

  async *streamLineItems(
    filter: LineItemFilter,
  ): AsyncGenerator<StoredLineItem[]> {
    let after: { day: string; id: string } | undefined;
    for (;;) {
      const rows = await this.pageLineItems({
        filter,
        limit: STREAM_PAGE,
        after,
      });
      if (rows.length) yield rows;
      if (rows.length < STREAM_PAGE) return;
      after = rows[rows.length - 1];
    }
  }

  async pageLineItems(options: {
    filter: LineItemFilter;
    limit: number;
    after?: { day: string; id: string };
  }): Promise<StoredLineItem[]> {
    const { filter, after } = options;
    const query = this.db(TABLES.lineItems).select(
      'id',
      'day',
      'provider',
      'billing_account_id',
      'sub_account_id',
      'service_name',
      'charge_category',
      'resource_id',
      'sku_id',
      'region_id',
      'currency',
      'entity_ref',
      'team',
      // As text: integers past 2^53 lose digits as JavaScript numbers.
      this.db.raw('CAST(billed_cost_nanos AS TEXT) AS billed'),
      this.db.raw('CAST(effective_cost_nanos AS TEXT) AS effective'),
    );
    applyDailyFilter(query, filter);
    if (filter.service !== undefined)
      query.where('service_name', filter.service);
    if (filter.subAccount !== undefined)
      query.where('sub_account_id', filter.subAccount);
    if (filter.provider !== undefined) query.where('provider', filter.provider);
    if (after) {
      query.where(inner =>
        inner
          .where('day', '>', after.day)
          .orWhere(same =>
            same.where('day', after.day).where('id', '>', after.id),
          ),
      );
    }
    const rows: LineItemRow[] = await query
      .orderBy([
        { column: 'day', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(options.limit);
    return rows.map(r => ({
      id: String(r.id),
      day: r.day,
      provider: r.provider,
      billingAccountId: r.billing_account_id,
      subAccountId: r.sub_account_id,
      serviceName: r.service_name,
      chargeCategory: r.charge_category,
      resourceId: r.resource_id,
      skuId: r.sku_id,
      regionId: r.region_id,
      currency: r.currency,
      billedCostNanos: BigInt(r.billed),
      effectiveCostNanos: BigInt(r.effective),
      entityRef: r.entity_ref,
      team: r.team,
    }));
  }
}
