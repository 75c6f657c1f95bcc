/** Columns of the small FOCUS files tests build. */
export const FOCUS_TEST_COLUMNS = [
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

/** One row of a test file, by column; missing columns are empty. */
export type FocusTestRow = Partial<Record<string, string>>;

/** A valid row for a day of September 2024. */
export function focusTestRow(overrides: FocusTestRow = {}): FocusTestRow {
  return {
    BilledCost: '10.5',
    EffectiveCost: '9.25',
    BillingAccountId: 'acct-1',
    BillingCurrency: 'USD',
    BillingPeriodStart: '2024-09-01T00:00:00Z',
    BillingPeriodEnd: '2024-10-01T00:00:00Z',
    ChargePeriodStart: '2024-09-03T00:00:00Z',
    ChargePeriodEnd: '2024-09-04T00:00:00Z',
    ChargeCategory: 'Usage',
    ProviderName: 'AWS',
    ServiceName: 'Amazon EC2',
    SubAccountId: 'sub-1',
    SubAccountName: 'Search',
    Tags: '{"ai-platform.io/team":"search-relevance","backstage.io/entity-ref":"component:default/search-ranker-training"}',
    ...overrides,
  };
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Builds CSV text from rows. */
export function focusCsv(
  rows: FocusTestRow[],
  options: { columns?: string[]; eol?: string } = {},
): string {
  const columns = options.columns ?? FOCUS_TEST_COLUMNS;
  const eol = options.eol ?? '\n';
  return (
    [
      columns.join(','),
      ...rows.map(row => columns.map(c => quote(row[c] ?? '')).join(',')),
    ].join(eol) + eol
  );
}
