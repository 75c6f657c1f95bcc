import {
  DEFAULT_ENTITY_TAG_KEY,
  DEFAULT_TEAM_TAG_KEY,
  KUBERNETES_GPU_SERVICE,
  KUBERNETES_PROVIDER,
  DEFAULT_GPU_CLASS_TAG_KEY,
} from '@ai-platform/plugin-cost-common';
import { GpuDailyRow } from '../database/types';
import { toCsv } from './csv';
import { addDays } from './dates';

const COLUMNS = [
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'ContractedCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingAccountType',
  'BillingCurrency',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ConsumedQuantity',
  'ConsumedUnit',
  'PricingQuantity',
  'PricingUnit',
  'ListUnitPrice',
  'ContractedUnitPrice',
  'PricingCategory',
  'ProviderName',
  'PublisherName',
  'InvoiceIssuerName',
  'ServiceName',
  'ServiceCategory',
  'ServiceSubcategory',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'SkuId',
  'SubAccountId',
  'SubAccountName',
  'SubAccountType',
  'Tags',
];

function nextMonth(day: string): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

/**
 * Kubernetes GPU cost (GPU-hours granted, priced by the rate card) as FOCUS
 * 1.2 rows: one row per grant and day, so finance can merge it with cloud
 * bills. The cluster is the billing account and sub-account. Costs and
 * unit prices are written as exact decimals from their nano-units.
 */
export function kubernetesFocusCsv(rows: GpuDailyRow[]): string {
  const sorted = [...rows].sort(
    (a, b) =>
      a.day.localeCompare(b.day) ||
      a.cluster.localeCompare(b.cluster) ||
      a.grantId.localeCompare(b.grantId),
  );
  return toCsv(
    COLUMNS,
    sorted.map(r => {
      const month = `${r.day.slice(0, 7)}-01`;
      const tags: Record<string, string> = { [DEFAULT_TEAM_TAG_KEY]: r.team };
      if (r.entityRef) tags[DEFAULT_ENTITY_TAG_KEY] = r.entityRef;
      tags[DEFAULT_GPU_CLASS_TAG_KEY] = r.gpuClass;
      return [
        r.allocatedCostNanos,
        r.allocatedCostNanos,
        r.allocatedCostNanos,
        r.allocatedCostNanos,
        r.cluster,
        r.cluster,
        'Kubernetes cluster',
        r.currency,
        `${month}T00:00:00Z`,
        `${nextMonth(month)}T00:00:00Z`,
        `${r.day}T00:00:00Z`,
        `${addDays(r.day, 1)}T00:00:00Z`,
        'Usage',
        '',
        `${r.gpuClass} GPU-hours granted on ${r.cluster}`,
        'Usage-Based',
        r.gpuHoursAllocated,
        'GPU-Hours',
        r.gpuHoursAllocated,
        'GPU-Hours',
        r.hourlyRateNanos,
        r.hourlyRateNanos,
        'Standard',
        KUBERNETES_PROVIDER,
        KUBERNETES_PROVIDER,
        KUBERNETES_PROVIDER,
        KUBERNETES_GPU_SERVICE,
        'Compute',
        'Containers',
        r.grantId,
        r.grantId,
        'GPU grant',
        r.gpuClass,
        r.cluster,
        r.cluster,
        'Kubernetes cluster',
        JSON.stringify(tags),
      ];
    }),
  );
}
