import { IngestRowError } from '@ai-platform/plugin-cost-common';

/** A validated FOCUS row, reduced to what the cost tables keep. */
export interface FocusLineItem {
  provider: string;
  billingAccountId: string;
  /** YYYY-MM-DD of BillingPeriodStart. */
  billingPeriod: string;
  /** UTC day of ChargePeriodStart. */
  day: string;
  subAccountId: string | null;
  subAccountName: string | null;
  serviceName: string;
  serviceCategory: string | null;
  chargeCategory: string;
  resourceId: string | null;
  skuId: string | null;
  regionId: string | null;
  currency: string;
  /** BilledCost in integer nano-units (10⁻⁹ of the currency), as decimal text. */
  billedCostNanos: string;
  /** EffectiveCost in integer nano-units, as decimal text. */
  effectiveCostNanos: string;
  tags: Record<string, string>;
}

/** A line item with its allocation. */
export interface AllocatedLineItem extends FocusLineItem {
  entityRef: string | null;
  team: string;
  costCenter: string | null;
  gpuClass: string | null;
}

/** The outcome of validating one row. */
export type RowResult =
  | { ok: true; item: FocusLineItem }
  | { ok: false; errors: IngestRowError[] };
