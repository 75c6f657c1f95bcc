import {
  DEFAULT_ENTITY_TAG_KEY,
  DEFAULT_TEAM_TAG_KEY,
  KUBERNETES_GPU_SERVICE,
  KUBERNETES_PROVIDER,
  DEFAULT_GPU_CLASS_TAG_KEY,
} from '@ai-platform/plugin-cost-common';
import { GpuDailyRow, ServingSplitRow } from '../database/types';
import { UNATTRIBUTED } from '../serving/chargebackRows';
import { CsvValue, toCsv } from './csv';
import { addDays } from './dates';
import {
  reallocateServingCost,
  servingSourceOf,
} from './reallocateServingCost';

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
  'x_ServingSource',
  'x_SplitMethod',
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
 *
 * With serving splits (daily inference chargeback), a shared model
 * server's cost of a day is written as one row per consuming team (and an
 * `unattributed` row), carrying `x_ServingSource` (the server) and
 * `x_SplitMethod` (`tokens`); the server owner's grant rows give up that
 * cost (reallocateServingCost), so it is counted once.
 */
export function kubernetesFocusCsv(
  grants: GpuDailyRow[],
  splits: ServingSplitRow[] = [],
): string {
  const rows = reallocateServingCost(grants, splits);
  const sorted = [...rows].sort(
    (a, b) =>
      a.day.localeCompare(b.day) ||
      a.cluster.localeCompare(b.cluster) ||
      a.grantId.localeCompare(b.grantId),
  );
  return toCsv(COLUMNS, [
    ...sorted.map(grantRow),
    ...splits.filter(s => s.costNanos !== 0n).map(splitRow),
  ]);
}

function period(day: string) {
  const month = `${day.slice(0, 7)}-01`;
  return [
    `${month}T00:00:00Z`,
    `${nextMonth(month)}T00:00:00Z`,
    `${day}T00:00:00Z`,
    `${addDays(day, 1)}T00:00:00Z`,
  ];
}

function grantRow(r: GpuDailyRow): CsvValue[] {
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
    ...period(r.day),
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
    '',
    '',
  ];
}

/**
 * One consuming team's share of a model server's day. The team tag
 * allocates it on re-ingest; the unattributed share has none (so it is
 * `unallocated` there) and says so in its description.
 */
function splitRow(s: ServingSplitRow): CsvValue[] {
  const source = servingSourceOf(s);
  const unattributed = s.consumerTeam === UNATTRIBUTED;
  const tags: Record<string, string> = unattributed
    ? {}
    : { [DEFAULT_TEAM_TAG_KEY]: s.consumerTeam };
  const tokens = Number(s.inputTokens + s.outputTokens);
  return [
    s.costNanos,
    s.costNanos,
    s.costNanos,
    s.costNanos,
    s.cluster,
    s.cluster,
    'Kubernetes cluster',
    s.currency,
    ...period(s.day),
    'Usage',
    '',
    `${
      unattributed ? 'Unattributed' : s.consumerTeam
    } share of model server ${source} by tokens (${s.inputTokens} input, ${
      s.outputTokens
    } output)`,
    'Usage-Based',
    tokens,
    'Tokens',
    tokens,
    'Tokens',
    '',
    '',
    'Standard',
    KUBERNETES_PROVIDER,
    KUBERNETES_PROVIDER,
    KUBERNETES_PROVIDER,
    KUBERNETES_GPU_SERVICE,
    'Compute',
    'Containers',
    source,
    s.serverAddress,
    'Model server',
    '',
    s.cluster,
    s.cluster,
    'Kubernetes cluster',
    JSON.stringify(tags),
    source,
    s.splitMethod,
  ];
}
