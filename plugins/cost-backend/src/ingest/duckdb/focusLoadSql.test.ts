import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { focusCsv, FocusTestRow, focusTestRow } from '@ai-platform/test-utils';
import { readCostConfig } from '../../config/CostConfig';
import { mockServices } from '@backstage/backend-test-utils';
import { lineItemValues } from '../../database/lineItemColumns';
import { OPTIONAL_COLUMNS, REQUIRED_COLUMNS } from '../focusColumns';
import { FocusRowParser } from '../FocusRowParser';
import { LineItemAllocator } from '../LineItemAllocator';
import { AllocatedLineItem } from '../types';
import { IngestDuckDbProcess } from './IngestDuckDbProcess';
import { stageFocusFile } from './stageFocusFile';

/**
 * The DuckDB ingest may only keep a row it reads exactly as the JavaScript
 * parser and allocator do; anything else must be marked suspect (and is
 * then read by JavaScript). These rows put hostile values in every column
 * the SQL checks, and each row DuckDB keeps is compared with JavaScript's
 * reading of the same record.
 */

const COLUMNS: string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];
/** The columns checked for padding, which JavaScript trims. */
const TEXT_COLUMNS = [
  'BillingAccountId',
  'ProviderName',
  'ServiceName',
  'ServiceCategory',
  'SubAccountId',
  'SubAccountName',
  'ResourceId',
  'SkuId',
  'RegionId',
];

/** Characters JavaScript's trim removes, and some it does not. */
const EDGES = [
  ' ',
  '\t',
  '\u000b',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u200a',
  '\u2028',
  '\u202f',
  '\u3000',
  '\ufeff',
  '\u200b',
  '\u0085',
  '\u180e',
  'é',
  'x',
];
const REFS = [
  'owned',
  'Component:Default/Mixed-Case',
  'a:b',
  'ns/name',
  'a:b/c',
  'a:b/c/d',
  ':x',
  'x:',
  '/x',
  'x/',
  'a'.repeat(63),
  'a'.repeat(64),
  `k:${'n'.repeat(63)}/x`,
  `k:${'n'.repeat(64)}/x`,
  `${'k'.repeat(64)}:n/x`,
  ' owned',
  'owned\u00a0',
  'own ed',
  'Ünïcode',
  'a_b.c-d',
  '-a',
  '_a',
  '9z',
  'group:default/Team-A',
  '',
];
const TAG_VALUES = [
  ...REFS.map(r => JSON.stringify(r)),
  '5',
  'true',
  'null',
  '{}',
  '["x"]',
  '"esc\\"aped"',
  '"\\u0041bc"',
];
const DECIMALS = [
  '1',
  '+7',
  '-0.5',
  '.5',
  '5.',
  '1e3',
  '1,5',
  '123456789.123456789123',
  '1234567890',
  '0.0000000005',
  '-0.0000000005',
  '0.0000000015',
  ' 5',
  '5\u00a0',
  '0x10',
  '',
  'NULL',
  '--1',
];
const DATE_TIMES = [
  '2024-09-03',
  '2024-09-03T00:00',
  '2024-09-03 23:59:59',
  '2024-09-03T23:00:00Z',
  '2024-02-30T00:00:00Z',
  '2024-09-03T00:00:00+02:00',
  '2024-09-03T24:00:00Z',
  '2024-9-3',
  '2024-09-03T00:00:00.5Z',
  ' 2024-09-03',
];

function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

/** A valid row with one or two columns made hostile; `kind` says which. */
function hostileRows(
  count: number,
): Array<{ kind: string; row: FocusTestRow }> {
  const rand = random(7);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const out: Array<{ kind: string; row: FocusTestRow }> = [];
  for (let i = 0; i < count; i++) {
    const row = focusTestRow({
      ServiceCategory: 'Compute',
      ResourceId: `res-${i}`,
      SkuId: 'sku-1',
      RegionId: 'us-east-1',
    });
    const kind = pick(['text', 'tags', 'decimal', 'date', 'category']);
    if (kind === 'text') {
      const column = pick(TEXT_COLUMNS);
      row[column] = `${pick(EDGES)}${row[column]}${pick(EDGES)}`;
    } else if (kind === 'tags') {
      const entity = pick(TAG_VALUES);
      const team = pick(TAG_VALUES);
      const center = rand() < 0.2 ? `"${'é'.repeat(127 + (i % 3))}"` : '"cc"';
      row.Tags =
        rand() < 0.05
          ? pick(['{', '[1]', '"x"', 'NULL', '', ' {}', '{}'])
          : `{"backstage.io/entity-ref":${entity},"ai-platform.io/team":${team},"ai-platform.io/cost-center":${center}}`;
    } else if (kind === 'decimal') {
      row[pick(['BilledCost', 'EffectiveCost'])] = pick(DECIMALS);
    } else if (kind === 'date') {
      row[
        pick([
          'BillingPeriodStart',
          'BillingPeriodEnd',
          'ChargePeriodStart',
          'ChargePeriodEnd',
        ])
      ] = pick(DATE_TIMES);
    } else {
      row.ChargeCategory = pick(['Usage', 'usage', 'Credit', '', 'Tax ']);
      row.BillingCurrency = pick(['USD', 'usd', 'EURO', '', 'EUR']);
    }
    out.push({ kind, row });
  }
  return out;
}

const ITEM_SQL = `SELECT line_number::VARCHAR, suspect::VARCHAR, provider, billing_account_id,
  billing_period, day, sub_account_id, sub_account_name, service_name, service_category,
  charge_category, resource_id, sku_id, region_id, currency,
  CAST(billed_cost::DECIMAL(38, 9) * 1000000000 AS BIGINT)::VARCHAR,
  CAST(effective_cost::DECIMAL(38, 9) * 1000000000 AS BIGINT)::VARCHAR,
  entity_ref, team, cost_center, gpu_class
FROM read_parquet($1) ORDER BY line_number`;

/** JavaScript's values of a line item, in the order of ITEM_SQL's (the store's, without the run). */
function expected(item: AllocatedLineItem): Array<string | null> {
  return lineItemValues('', item).slice(1);
}

describe('focusLoadSql', () => {
  const directory = mkdtempSync(join(tmpdir(), 'focus-load-sql-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('keeps only rows it reads exactly as the JavaScript parser and allocator do', async () => {
    const rows = hostileRows(1500);
    const csvPath = join(directory, 'hostile.csv');
    writeFileSync(
      csvPath,
      focusCsv(
        rows.map(r => r.row),
        { columns: COLUMNS },
      ),
    );
    const { allocation } = readCostConfig(
      mockServices.rootConfig({
        data: {
          cost: {
            allocation: {
              subAccountTeams: [{ subAccountId: 'sub-1', team: 'mapped' }],
            },
          },
        },
      }),
    );
    const owners = new Map([
      ['component:default/owned', 'group:default/owners'],
    ]);
    const allocator = LineItemAllocator.create({ allocation, owners });
    const parser = FocusRowParser.create(COLUMNS);
    const parquetPath = join(directory, 'staged.parquet');

    const duckdb = await IngestDuckDbProcess.start();
    let staged: Array<Array<string | null>>;
    try {
      const session = await duckdb.open({
        memoryLimitMiB: 128,
        threads: 1,
        tempDirectory: directory,
      });
      await stageFocusFile({
        duckdb: session,
        csvPath,
        header: COLUMNS,
        maxRecordBytes: 64 * 1024,
        tables: allocator.tables(),
        parquetPath,
      });
      staged = await session.rows(ITEM_SQL, [parquetPath]);
      await session.close();
    } finally {
      await duckdb.stop();
    }

    expect(staged.map(r => Number(r[0]))).toEqual(rows.map((_, i) => i + 1));
    const kept = new Map<string, number>();
    for (const [i, { kind, row }] of rows.entries()) {
      const [, suspect, ...values] = staged[i];
      if (suspect === 'true') continue;
      const parsed = parser.parse(
        COLUMNS.map(c => row[c] ?? ''),
        i + 2,
      );
      // A row DuckDB vouches for is one JavaScript accepts, read the same.
      expect({ line: i + 1, row, ok: parsed.ok }).toEqual({
        line: i + 1,
        row,
        ok: true,
      });
      if (!parsed.ok) continue;
      expect({ row, values }).toEqual({
        row,
        values: expected(allocator.allocate(parsed.item)),
      });
      kept.set(kind, (kept.get(kind) ?? 0) + 1);
    }
    // Hostile values of every kind are read by DuckDB, not only clean rows.
    for (const kind of ['text', 'tags', 'decimal', 'date', 'category']) {
      expect({ kind, kept: (kept.get(kind) ?? 0) > 20 }).toEqual({
        kind,
        kept: true,
      });
    }
    const mixedCase = rows.findIndex(
      r =>
        r.row.Tags?.includes(
          '"backstage.io/entity-ref":"Component:Default/Mixed-Case"',
        ) && staged[rows.indexOf(r)][1] === 'false',
    );
    expect(mixedCase).toBeGreaterThanOrEqual(0);
    expect(staged[mixedCase][17]).toBe('component:default/mixed-case');
  }, 60_000);
});
