/**
 * FOCUS columns the ingester reads. Names are the FOCUS 1.0–1.2 column ids.
 */

/** Columns a file must have; a file without one of them is refused. */
export const REQUIRED_COLUMNS = [
  'BilledCost',
  'EffectiveCost',
  'BillingAccountId',
  'BillingCurrency',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'ChargeCategory',
  'ProviderName',
  'ServiceName',
] as const;

/** Columns read when present. */
export const OPTIONAL_COLUMNS = [
  'SubAccountId',
  'SubAccountName',
  'ServiceCategory',
  'ResourceId',
  'SkuId',
  'RegionId',
  'Tags',
] as const;

/** FOCUS 1.0 to 1.2 charge categories. */
export const CHARGE_CATEGORIES = new Set([
  'Usage',
  'Purchase',
  'Tax',
  'Credit',
  'Adjustment',
]);

/**
 * The FOCUS version the header looks like: columns introduced in 1.2 or 1.1
 * tell them apart from 1.0.
 */
export function detectFocusVersion(header: string[]): string {
  const columns = new Set(header);
  if (
    columns.has('BillingAccountType') ||
    columns.has('InvoiceId') ||
    columns.has('PricingCurrency') ||
    columns.has('SubAccountType')
  ) {
    return '1.2';
  }
  if (
    columns.has('CapacityReservationId') ||
    columns.has('CommitmentDiscountQuantity') ||
    columns.has('ServiceSubcategory') ||
    columns.has('SkuMeter')
  ) {
    return '1.1';
  }
  return '1.0';
}
