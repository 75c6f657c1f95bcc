import { formatNanos } from '@ai-platform/plugin-ai-platform-common';
import { csvCell } from '@ai-platform/plugin-ai-platform-node';
import {
  LineItemFilter,
  LineItemStore,
  StoredLineItem,
} from '../database/types';
import { nanosToNumber } from '../money/nanosToAmount';
import { CostAccess } from './CostAccess';
import { CostSubjects } from './CostSubjects';
import {
  LineItemsExportQuery,
  LineItemsQuery,
  lineItemCursor,
} from './lineItemsQuerySchema';
import { CallContext, CostLineItemsPage, LineItemService } from './types';

const CSV_HEADER = [
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
  'billed_cost',
  'effective_cost',
  'entity_ref',
  'team',
].join(',');

/** A CSV line; the amounts are our own exact decimal text, the rest goes through csvCell. */
function csvLineOf(item: StoredLineItem): string {
  return [
    csvCell(item.day),
    csvCell(item.provider),
    csvCell(item.billingAccountId),
    csvCell(item.subAccountId),
    csvCell(item.serviceName),
    csvCell(item.chargeCategory),
    csvCell(item.resourceId),
    csvCell(item.skuId),
    csvCell(item.regionId),
    csvCell(item.currency),
    formatNanos(item.billedCostNanos),
    formatNanos(item.effectiveCostNanos),
    csvCell(item.entityRef),
    csvCell(item.team),
  ].join(',');
}

/**
 * Drill-down below the roll-ups: the line items of an entity, or of a group
 * and every team below it, over a range, narrowed by service, sub-account or
 * provider, paged in day order or exported whole; after `cost.read`.
 */
export class LineItems implements LineItemService {
  static create(options: {
    lineItems: LineItemStore;
    subjects: CostSubjects;
    access: CostAccess;
  }): LineItems {
    return new LineItems(options);
  }

  private constructor(
    private readonly options: {
      lineItems: LineItemStore;
      subjects: CostSubjects;
      access: CostAccess;
    },
  ) {}

  private async filterOf(
    query: LineItemsExportQuery,
    ctx: CallContext,
  ): Promise<{ ref: string; filter: LineItemFilter }> {
    const { subjects, access } = this.options;
    const subject = await subjects.resolve(query.entityRef);
    await access.requireRead(subject.ref, ctx);
    return {
      ref: subject.ref,
      filter: {
        ...subject.filter,
        from: query.from,
        to: query.to,
        service: query.service,
        subAccount: query.subAccount,
        provider: query.provider,
      },
    };
  }

  async page(
    query: LineItemsQuery,
    ctx: CallContext,
  ): Promise<CostLineItemsPage> {
    const { ref, filter } = await this.filterOf(query, ctx);
    // One more than asked tells whether a next page exists.
    const rows = await this.options.lineItems.pageLineItems({
      filter,
      limit: query.limit + 1,
      after: query.after,
    });
    const items = rows.slice(0, query.limit);
    return {
      entityRef: ref,
      from: query.from,
      to: query.to,
      items: items.map(item => ({
        id: item.id,
        day: item.day,
        provider: item.provider,
        billingAccountId: item.billingAccountId,
        subAccountId: item.subAccountId,
        serviceName: item.serviceName,
        chargeCategory: item.chargeCategory,
        resourceId: item.resourceId,
        skuId: item.skuId,
        regionId: item.regionId,
        currency: item.currency,
        billedCost: nanosToNumber(item.billedCostNanos),
        effectiveCost: nanosToNumber(item.effectiveCostNanos),
        entityRef: item.entityRef,
        team: item.team,
      })),
      next:
        rows.length > query.limit
          ? lineItemCursor(items[items.length - 1])
          : null,
    };
  }

  async exportCsv(
    query: LineItemsExportQuery,
    ctx: CallContext,
  ): Promise<AsyncIterable<string>> {
    // Access is checked, and every source opened, before the first byte is sent.
    const { filter } = await this.filterOf(query, ctx);
    const batches = this.options.lineItems
      .streamLineItems(filter)
      [Symbol.asyncIterator]();
    const first = await batches.next();
    async function* chunks() {
      yield `${CSV_HEADER}\r\n`;
      let next = first;
      while (!next.done) {
        if (next.value.length) {
          yield `${next.value.map(csvLineOf).join('\r\n')}\r\n`;
        }
        next = await batches.next();
      }
    }
    return chunks();
  }
}
