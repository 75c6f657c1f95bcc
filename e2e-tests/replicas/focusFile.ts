import { createWriteStream } from 'node:fs';

const COLUMNS = [
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
  'SubAccountId',
  'SubAccountName',
  'Tags',
];

/** What a written file holds, counted as it was written. */
export interface FocusFileTotals {
  rows: number;
  /** Sum of BilledCost in cents, exact. */
  billedCents: number;
  billingPeriod: string;
}

/**
 * Writes a FOCUS 1.0 file of `rows` line items of one billing period
 * (`YYYY-MM`), with costs in whole cents so its total is exact.
 */
export async function writeFocusFile(
  path: string,
  options: { rows: number; month: string },
): Promise<FocusFileTotals> {
  const { rows, month } = options;
  const [y, m] = month.split('-').map(Number);
  const next =
    m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  const out = createWriteStream(path);
  const write = (line: string) =>
    out.write(line)
      ? Promise.resolve()
      : new Promise(r => out.once('drain', r));
  await write(`${COLUMNS.join(',')}\n`);
  let billedCents = 0;
  for (let i = 0; i < rows; i++) {
    const cents = 100 + (i % 9973);
    billedCents += cents;
    const day = String((i % 28) + 1).padStart(2, '0');
    const cost = (cents / 100).toFixed(2);
    const tags = `"{""ai-platform.io/team"":""search-relevance"",""backstage.io/entity-ref"":""component:default/search-ranker-training"",""row"":""${i}""}"`;
    await write(
      [
        cost,
        cost,
        'acct-replicas',
        'USD',
        `${month}-01T00:00:00Z`,
        `${next}-01T00:00:00Z`,
        `${month}-${day}T00:00:00Z`,
        `${month}-${day}T01:00:00Z`,
        'Usage',
        'AWS',
        'Amazon EC2',
        'sub-replicas',
        'Search',
        tags,
      ].join(',') + '\n',
    );
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return { rows, billedCents, billingPeriod: `${month}-01` };
}
