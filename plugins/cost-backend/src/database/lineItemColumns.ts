import { AllocatedLineItem } from '../ingest/types';

/** Columns of `cost_line_items` an ingest writes, in the order of {@link lineItemValues}. */
export const LINE_ITEM_COLUMNS = [
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
  'billed_cost_nanos',
  'effective_cost_nanos',
  'entity_ref',
  'team',
  'cost_center',
  'gpu_class',
] as const;

/** A line item's values in the order of {@link LINE_ITEM_COLUMNS}. */
export function lineItemValues(
  runId: string,
  item: AllocatedLineItem,
): Array<string | null> {
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
    item.billedCostNanos,
    item.effectiveCostNanos,
    item.entityRef,
    item.team,
    item.costCenter,
    item.gpuClass,
  ];
}
