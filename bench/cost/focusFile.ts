import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { DAYS, TEAMS } from './settings';

const COLUMNS = [
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingAccountType',
  'BillingCurrency',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargeCategory',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'ProviderName',
  'RegionId',
  'ResourceId',
  'ServiceCategory',
  'ServiceName',
  'SkuId',
  'SubAccountId',
  'SubAccountName',
  'Tags',
];

/** Writes a FOCUS 1.2 file of `rows` rows over `days` days from 2025-01-01. */
export async function generateFocusFile(
  path: string,
  rows: number,
  days = DAYS,
) {
  const out = createWriteStream(path);
  out.write(`${COLUMNS.join(',')}\n`);
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const start = Date.UTC(2025, 0, 1);
  for (let i = 0; i < rows; i++) {
    const day = new Date(start + (i % days) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const month = `${day.slice(0, 7)}-01`;
    const next = new Date(
      Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)), 1),
    )
      .toISOString()
      .slice(0, 10);
    const entity = Math.floor(rand() * TEAMS * 5);
    const team = entity % TEAMS;
    const provider = ['AWS', 'Microsoft', 'Google Cloud'][entity % 3];
    const service = `service-${(entity * 3 + Math.floor(rand() * 3)) % 20}`;
    const cost = (rand() * 10).toFixed(6);
    const tags = `"{""backstage.io/entity-ref"":""component:default/c-${entity}"",""ai-platform.io/team"":""group:default/team-${team}""}"`;
    const line = `${cost},${cost},${cost},acct-${
      entity % 3
    },Bench,Billing Account,USD,${month}T00:00:00Z,${next}T00:00:00Z,Usage,${day}T00:00:00Z,${day}T01:00:00Z,${provider},us-east-1,res-${i},Compute,${service},sku-${
      i % 97
    },sub-${team},Team ${team},${tags}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
