import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import {
  createTestDatabases,
  focusCsv,
  focusTestRow,
  FOCUS_TEST_COLUMNS,
} from '@ai-platform/test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { parse } from 'csv-parse/sync';
import { Knex } from 'knex';
import { readCostConfig } from '../config/CostConfig';
import { openCostStores } from '../database/openCostStores';
import { FocusIngester } from './FocusIngester';
import { LineItemAllocator } from './LineItemAllocator';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const fixturesDir =
  process.env.AI_PLATFORM_FIXTURES_DIR ??
  join(__dirname, '../../../../../shared/fixtures');
const samplePath = join(
  fixturesDir,
  'focus/focus-1.0-sample-aws-azure-oci.csv',
);

const ALL = { from: '2000-01-01', to: '2100-12-31' };

async function setup(
  databaseId: Parameters<typeof databases.init>[0],
  overrides: { maxErrorRatio?: number; maxRecordBytes?: number } = {},
) {
  const knex = await databases.init(databaseId);
  const store = await openCostStores({
    database: mockServices.database({ knex }),
  });
  const config = readCostConfig(mockServices.rootConfig({ data: {} }));
  const ingester = FocusIngester.create({
    stores: store,
    logger: mockServices.logger.mock(),
    allocator: async () =>
      LineItemAllocator.create({
        allocation: config.allocation,
        owners: new Map(),
      }),
    maxErrorRatio: overrides.maxErrorRatio ?? 0,
    maxRecordBytes: overrides.maxRecordBytes ?? 64 * 1024,
  });
  return { knex, store, ingester };
}

function ingestBuffer(
  ingester: FocusIngester,
  data: Buffer | string,
  fileName = 'test.csv',
) {
  const buffer = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8');
  return ingester.ingest({
    source: 'upload',
    fileName,
    stream: Readable.from([buffer]),
    totalBytes: buffer.length,
  });
}

/** Everything the cost tables hold, to compare before and after. */
async function snapshot(knex: Knex) {
  const lineItems = await knex('cost_line_items')
    .select(
      'provider',
      'billing_account_id',
      'billing_period',
      'day',
      'service_name',
      'sub_account_id',
      'billed_cost_nanos',
      'effective_cost_nanos',
      'team',
      'entity_ref',
    )
    .orderBy(['provider', 'day', 'service_name', 'billed_cost_nanos']);
  const daily = await knex('cost_daily')
    .select(
      'provider',
      'billing_period',
      'day',
      'service_name',
      'team',
      'billed_cost_nanos',
      'line_items',
    )
    .orderBy(['provider', 'day', 'service_name', 'team', 'billed_cost_nanos']);
  const sorted = <T>(rows: T[]) =>
    rows
      .map(r => JSON.stringify(r))
      .sort()
      .map(r => JSON.parse(r));
  return {
    lineItems: sorted(lineItems),
    // PostgreSQL returns bigints as strings, SQLite as numbers.
    daily: sorted(daily).map(r => ({
      ...r,
      billed_cost_nanos: String(r.billed_cost_nanos),
      line_items: Number(r.line_items),
    })),
  };
}

/** Sums computed from the raw file, independently of the ingester. */
function sumsFromRawFile(path: string, column: string) {
  const rows: Record<string, string>[] = parse(readFileSync(path), {
    columns: true,
    bom: true,
  });
  const sums = new Map<string, number>();
  for (const row of rows) {
    const raw = row[column];
    const key = raw === 'NULL' || raw === '' ? null : raw;
    const k = String(key);
    sums.set(k, (sums.get(k) ?? 0) + Number(row.BilledCost));
  }
  return { sums, count: rows.length };
}

type Expected = RegExp | { line: number; column?: string; reason: RegExp };

/** What a refused run reports, and the matcher it must satisfy. */
function reportAndMatcher(
  run: { message: string | null; errors: unknown[] },
  expected: Expected,
): [unknown, unknown] {
  if (expected instanceof RegExp) {
    return [run.message, expect.stringMatching(expected)];
  }
  return [
    run.errors,
    expect.arrayContaining([
      {
        line: expected.line,
        ...(expected.column ? { column: expected.column } : {}),
        reason: expect.stringMatching(expected.reason),
      },
    ]),
  ];
}

describe('FocusIngester', () => {
  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('ingests the real FOCUS sample; totals per sub-account and service match the raw file', async () => {
      const { ingester, store, knex } = await setup(databaseId);
      const raw = readFileSync(samplePath);
      const run = await ingestBuffer(ingester, raw, 'sample.csv');
      expect(run.message).toBeNull();
      expect(run.status).toBe('succeeded');
      const bySub = sumsFromRawFile(samplePath, 'SubAccountId');
      expect(run.rowsRead).toBe(bySub.count);
      expect(run.rowsIngested).toBe(bySub.count);
      expect(run.percent).toBe(100);
      expect(run.focusVersion).toBe('1.0');

      for (const [column, dimension] of [
        ['SubAccountId', 'sub_account_id'],
        ['ServiceName', 'service_name'],
      ] as const) {
        const expected = sumsFromRawFile(samplePath, column).sums;
        const rows = await store.daily.queryDaily({
          filter: ALL,
          groupBy: dimension,
          metric: 'billed',
        });
        const actual = new Map<string, number>();
        for (const r of rows) {
          const k = String(r.key);
          actual.set(k, (actual.get(k) ?? 0) + r.amount);
        }
        expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
        for (const [key, sum] of expected) {
          expect(actual.get(key)).toBeCloseTo(sum, 6);
        }
      }

      // Re-ingesting the same file changes nothing.
      const before = await snapshot(knex);
      const again = await ingestBuffer(ingester, raw, 'sample.csv');
      expect(again.status).toBe('succeeded');
      expect(await snapshot(knex)).toEqual(before);
      const [{ count }] = await knex('cost_line_items').count({ count: '*' });
      expect(Number(count)).toBe(bySub.count);
    });

    it('replaces a billing period on re-ingest and keeps other periods', async () => {
      const { ingester, store } = await setup(databaseId);
      const october = {
        BillingPeriodStart: '2024-10-01T00:00:00Z',
        BillingPeriodEnd: '2024-11-01T00:00:00Z',
        ChargePeriodStart: '2024-10-02T00:00:00Z',
        ChargePeriodEnd: '2024-10-03T00:00:00Z',
      };
      await ingestBuffer(
        ingester,
        focusCsv([
          focusTestRow(),
          focusTestRow({ BilledCost: '1' }),
          focusTestRow({ ...october, BilledCost: '100' }),
        ]),
      );
      const total = async () =>
        (
          await store.daily.queryDaily({ filter: ALL, metric: 'billed' })
        ).reduce((s, r) => s + r.amount, 0);
      expect(await total()).toBeCloseTo(111.5);
      const run = await ingestBuffer(
        ingester,
        focusCsv([focusTestRow({ BilledCost: '2' })]),
      );
      expect(run.billingPeriods).toEqual(['2024-09-01']);
      expect(await total()).toBeCloseTo(102);
    });

    it.each([
      [
        'a UTF-8 byte order mark',
        (csv: string) =>
          Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]),
      ],
      [
        'CRLF line ends',
        (csv: string) => Buffer.from(csv.replace(/\n/g, '\r\n')),
      ],
      [
        'UTF-16LE with a byte order mark',
        (csv: string) =>
          Buffer.concat([
            Buffer.from([0xff, 0xfe]),
            Buffer.from(csv, 'utf16le'),
          ]),
      ],
      ['gzip', (csv: string) => gzipSync(Buffer.from(csv))],
      [
        'gzip of CRLF with BOM',
        (csv: string) =>
          gzipSync(Buffer.from(`\ufeff${csv.replace(/\n/g, '\r\n')}`)),
      ],
    ])('accepts %s', async (_name, encode) => {
      const { ingester, store } = await setup(databaseId);
      const csv = focusCsv([
        focusTestRow({ ServiceName: 'Amazon\nEC2 "quoted"' }),
        focusTestRow({
          BilledCost: '2.25',
          SubAccountName: 'Zürich – ünïcödé',
        }),
      ]);
      const run = await ingestBuffer(ingester, encode(csv));
      expect(run.errors).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(run.rowsIngested).toBe(2);
      const rows = await store.daily.queryDaily({
        filter: ALL,
        groupBy: 'service_name',
        metric: 'billed',
      });
      expect(
        rows.map(r => [r.key?.replace(/\r\n/g, '\n'), r.amount]).sort(),
      ).toEqual([
        ['Amazon\nEC2 "quoted"', 10.5],
        ['Amazon EC2', 2.25],
      ]);
    });

    it('reports the line of a record that follows blank lines', async () => {
      const { ingester } = await setup(databaseId);
      const [header, row] = focusCsv([
        focusTestRow({ BilledCost: 'abc' }),
      ]).split('\n');
      const run = await ingestBuffer(ingester, `${header}\n\n\n${row}\n`);
      expect(run.errors).toEqual([
        {
          line: 4,
          column: 'BilledCost',
          reason: 'not a decimal number: "abc"',
        },
      ]);
    });

    it('reports the line of a record that follows a quoted newline', async () => {
      const { ingester } = await setup(databaseId);
      const run = await ingestBuffer(
        ingester,
        focusCsv([
          focusTestRow({ ServiceName: 'multi\nline\nname' }),
          focusTestRow({ BilledCost: 'abc' }),
        ]),
      );
      expect(run.status).toBe('refused');
      expect(run.errors).toEqual([
        {
          line: 5,
          column: 'BilledCost',
          reason: 'not a decimal number: "abc"',
        },
      ]);
    });

    const good = focusTestRow();
    const malformed: Array<
      [
        string,
        () => Buffer | string,
        RegExp | { line: number; column?: string; reason: RegExp },
      ]
    > = [
      [
        'a missing required column',
        () =>
          focusCsv([good], {
            columns: FOCUS_TEST_COLUMNS.filter(c => c !== 'BilledCost'),
          }),
        {
          line: 1,
          column: 'BilledCost',
          reason: /required FOCUS column is missing/,
        },
      ],
      [
        'a column named twice',
        () =>
          focusCsv([good], { columns: [...FOCUS_TEST_COLUMNS, 'ServiceName'] }),
        { line: 1, column: 'ServiceName', reason: /appears twice/ },
      ],
      [
        'a bad number',
        () => focusCsv([good, focusTestRow({ BilledCost: '12,5x' })]),
        {
          line: 3,
          column: 'BilledCost',
          reason: /not a decimal number: "12,5x"/,
        },
      ],
      [
        'a number out of range',
        () => focusCsv([focusTestRow({ EffectiveCost: '1e999' })]),
        { line: 2, column: 'EffectiveCost', reason: /out of range/ },
      ],
      [
        'a bad date',
        () => focusCsv([focusTestRow({ ChargePeriodStart: '2024-13-45' })]),
        {
          line: 2,
          column: 'ChargePeriodStart',
          reason: /not an ISO 8601 date-time/,
        },
      ],
      [
        'an impossible date',
        () =>
          focusCsv([
            focusTestRow({ BillingPeriodStart: '2024-02-30T00:00:00Z' }),
          ]),
        { line: 2, column: 'BillingPeriodStart', reason: /not an ISO 8601/ },
      ],
      [
        'a charge period ending before it starts',
        () =>
          focusCsv([focusTestRow({ ChargePeriodEnd: '2024-09-01T00:00:00Z' })]),
        {
          line: 2,
          column: 'ChargePeriodEnd',
          reason: /before ChargePeriodStart/,
        },
      ],
      [
        'a bad currency',
        () => focusCsv([focusTestRow({ BillingCurrency: 'usd$' })]),
        { line: 2, column: 'BillingCurrency', reason: /ISO 4217/ },
      ],
      [
        'an unknown charge category',
        () => focusCsv([focusTestRow({ ChargeCategory: 'Refund' })]),
        {
          line: 2,
          column: 'ChargeCategory',
          reason: /not a FOCUS charge category/,
        },
      ],
      [
        'a missing required value',
        () => focusCsv([focusTestRow({ ServiceName: '' })]),
        { line: 2, column: 'ServiceName', reason: /value is required/ },
      ],
      [
        'Tags that are not JSON',
        () => focusCsv([focusTestRow({ Tags: '{team: search' })]),
        { line: 2, column: 'Tags', reason: /not a JSON object/ },
      ],
      [
        'a row with too few fields',
        () => `${focusCsv([good])}1,2,3\n`,
        { line: 3, reason: /expected 14 fields as in the header, found 3/ },
      ],
      [
        'Latin-1 text',
        () =>
          Buffer.from(
            focusCsv([focusTestRow({ SubAccountName: 'Zürich' })]),
            'latin1',
          ),
        /not valid UTF-8 text/,
      ],
      [
        'UTF-16 without a byte order mark',
        () => Buffer.from(focusCsv([good]), 'utf16le'),
        /NUL characters/,
      ],
      [
        'truncated gzip',
        () => {
          const gz = gzipSync(Buffer.from(focusCsv([good, good, good])));
          return gz.subarray(0, gz.length - 12);
        },
        /gzip data is truncated/,
      ],
      [
        'corrupt gzip',
        () =>
          Buffer.concat([
            Buffer.from([0x1f, 0x8b, 0x08, 0x00]),
            Buffer.alloc(64, 0x41),
          ]),
        /gzip data is corrupt/,
      ],
      [
        'a huge field',
        () =>
          focusCsv([
            focusTestRow({
              ChargeDescription: 'x',
              Tags: `{"a":"${'x'.repeat(100_000)}"}`,
            }),
          ]),
        /larger than the allowed cost.ingest.maxRecordBytes/,
      ],
      [
        'a value longer than a column may be',
        () => focusCsv([focusTestRow({ ServiceName: 'y'.repeat(5000) })]),
        { line: 2, column: 'ServiceName', reason: /5000 characters long/ },
      ],
      [
        'an unclosed quote',
        () => `${focusCsv([good])}"10.5,oops\n`,
        /not valid CSV/,
      ],
      [
        // csv-parse's INVALID_OPENING_QUOTE, whose code lacks the CSV_ prefix
        // (found by the router fuzz test: it was a 500).
        'a quote inside an unquoted field',
        () => `${focusCsv([good])}\u{10A90}&"x,1\n`,
        /not valid CSV/,
      ],
      ['an empty file', () => '', /the file is empty/],
      ['a header without rows', () => focusCsv([]), /header but no rows/],
      [
        'binary data',
        () => Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x80, 0x81]),
        /not valid|NUL/,
      ],
    ];

    it.each(malformed)(
      'refuses %s with a clear report and leaves the database as it was',
      async (_name, build, expected) => {
        const { ingester, knex } = await setup(databaseId);
        const seed = await ingestBuffer(
          ingester,
          focusCsv([
            focusTestRow({ BilledCost: '7' }),
            focusTestRow({ ServiceName: 'S3' }),
          ]),
        );
        expect(seed.status).toBe('succeeded');
        const before = await snapshot(knex);

        const run = await ingestBuffer(ingester, build());
        expect(run.status).toBe('refused');
        expect(run.rowsIngested).toBe(0);
        expect(run.errorCount).toBeGreaterThan(0);
        const [actual, wanted] = reportAndMatcher(run, expected);
        expect(actual).toEqual(wanted);
        expect(await snapshot(knex)).toEqual(before);
      },
    );

    it('skips bad rows within the allowed share and refuses above it', async () => {
      const { ingester } = await setup(databaseId, { maxErrorRatio: 0.5 });
      const within = await ingestBuffer(
        ingester,
        focusCsv([focusTestRow(), focusTestRow({ BilledCost: 'x' })]),
      );
      expect(within.status).toBe('succeeded');
      expect(within.rowsIngested).toBe(1);
      expect(within.rowsRejected).toBe(1);
      const above = await ingestBuffer(
        ingester,
        focusCsv([
          focusTestRow(),
          focusTestRow({ BilledCost: 'x' }),
          focusTestRow({ BilledCost: 'y' }),
        ]),
      );
      expect(above.status).toBe('refused');
      expect(above.message).toMatch(
        /2 of 3 rows are invalid \(66.67%\), more than the allowed 50%/,
      );
    });

    it('never doubles a period when two files of it are ingested at once', async () => {
      const { ingester, store } = await setup(databaseId);
      const runs = await Promise.all([
        ingestBuffer(ingester, focusCsv([focusTestRow({ BilledCost: '3' })])),
        ingestBuffer(ingester, focusCsv([focusTestRow({ BilledCost: '4' })])),
      ]);
      expect(runs.map(r => r.status)).toEqual(['succeeded', 'succeeded']);
      const rows = await store.daily.queryDaily({
        filter: ALL,
        metric: 'billed',
      });
      expect([3, 4]).toContain(rows.reduce((sum, r) => sum + r.amount, 0));
    });

    it('records runs for the status endpoint', async () => {
      const { ingester, store } = await setup(databaseId);
      const run = await ingestBuffer(
        ingester,
        focusCsv([focusTestRow()]),
        'one.csv',
      );
      const stored = await store.runs.getRun(run.id);
      expect(stored).toMatchObject({
        fileName: 'one.csv',
        status: 'succeeded',
        rowsIngested: 1,
        billingPeriods: ['2024-09-01'],
      });
      expect((await store.runs.listRuns(5)).map(r => r.id)).toContain(run.id);
    });
  });
});
