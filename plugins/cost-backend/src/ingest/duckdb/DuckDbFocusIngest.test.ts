import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  createTestDatabases,
  focusCsv,
  focusTestRow,
} from '@ai-platform/test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { readCostConfig } from '../../config/CostConfig';
import { openCostStores } from '../../database/openCostStores';
import { FocusIngester } from '../FocusIngester';
import { LineItemAllocator } from '../LineItemAllocator';
import { DuckDbFocusIngest } from './DuckDbFocusIngest';
import { sortLineItemFile } from './sortLineItemFile';
import { DAILY_ROLLUP_COLUMNS } from '../../database/dailyRollupRows';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const fixturesDir =
  process.env.AI_PLATFORM_FIXTURES_DIR ??
  join(__dirname, '../../../../../../shared/fixtures');
const sample = readFileSync(
  join(fixturesDir, 'focus/focus-1.0-sample-aws-azure-oci.csv'),
);
const directories: string[] = [];
afterAll(() =>
  directories.forEach(d => rmSync(d, { recursive: true, force: true })),
);

type Engine = 'javascript' | 'duckdb';

async function setup(
  databaseId: Parameters<typeof databases.init>[0],
  engine: Engine,
  maxErrorRatio = 0,
) {
  const knex = await databases.init(databaseId);
  const stores = await openCostStores({
    database: mockServices.database({ knex }),
  });
  const config = readCostConfig(
    mockServices.rootConfig({
      data: {
        cost: {
          allocation: {
            subAccountTeams: [{ subAccountId: 'sub-mapped', team: 'mapped' }],
          },
        },
      },
    }),
  );
  const directory = mkdtempSync(join(tmpdir(), 'cost-duckdb-test-'));
  directories.push(directory);
  const logger = mockServices.logger.mock();
  const ingester = FocusIngester.create({
    stores,
    logger,
    allocator: async () =>
      LineItemAllocator.create({
        allocation: config.allocation,
        owners: new Map([['component:default/owned', 'group:default/owners']]),
      }),
    maxErrorRatio,
    maxRecordBytes: 64 * 1024,
    duckdb:
      engine === 'duckdb'
        ? new DuckDbFocusIngest(
            { lineItemsDirectory: directory, memoryLimitMiB: 128, threads: 1 },
            stores.billing,
            logger,
          )
        : undefined,
  });
  const ingest = (data: Buffer | string) => {
    const buffer = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8');
    return ingester.ingest({
      source: 'upload',
      fileName: 'test.csv',
      stream: Readable.from([buffer]),
      totalBytes: buffer.length,
    });
  };
  return { knex, directory, ingest };
}

/** The billing roll-ups, as text. */
async function rollups(knex: Knex) {
  const daily = await knex('cost_daily')
    .where({ source: 'billing' })
    .select(...DAILY_ROLLUP_COLUMNS);
  const months = await knex('cost_team_monthly').select();
  const text = (rows: Array<Record<string, unknown>>) =>
    rows
      .map(r =>
        JSON.stringify(
          Object.fromEntries(
            Object.entries(r).map(([k, v]) => [
              k,
              v === null ? null : String(v),
            ]),
          ),
        ),
      )
      .sort();
  return { daily: text(daily), months: text(months) };
}

const ITEM_COLUMNS = `provider, billing_account_id, billing_period, day, sub_account_id,
  service_name, charge_category, resource_id, currency, entity_ref, team, cost_center, gpu_class`;

/** The line items with their allocation: from the database, or from the Parquet files the database names. */
async function lineItems(knex: Knex, directory: string): Promise<string[]> {
  const inDatabase = await knex('cost_line_items').select(
    knex.raw(ITEM_COLUMNS),
    'billed_cost_nanos',
    'effective_cost_nanos',
  );
  const files: Array<{ file_name: string }> = await knex(
    'cost_line_item_files',
  ).distinct('file_name');
  const rows: Array<Record<string, unknown>> = [...inDatabase];
  if (files.length) {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    for (const { file_name } of files) {
      const statement = await connection.prepare(
        `SELECT ${ITEM_COLUMNS},
           CAST(billed_cost::DECIMAL(38, 9) * 1000000000 AS BIGINT)::VARCHAR AS billed_cost_nanos,
           CAST(effective_cost::DECIMAL(38, 9) * 1000000000 AS BIGINT)::VARCHAR AS effective_cost_nanos
         FROM read_parquet($1)`,
      );
      statement.bindVarchar(1, join(directory, file_name));
      rows.push(...(await statement.runAndReadAll()).getRowObjectsJS());
    }
    connection.closeSync();
    instance.closeSync();
  }
  return rows
    .map(r =>
      JSON.stringify(
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)]),
        ),
      ),
    )
    .sort();
}

/** A file covering every allocation rule and rounding past the ninth decimal. */
const allocationFile = focusCsv([
  focusTestRow(),
  focusTestRow({
    Tags: '{"backstage.io/entity-ref":"owned","ai-platform.io/cost-center":"cc-7","ai-platform.io/gpu-class":"H100"}',
    BilledCost: '0.00000000050',
    EffectiveCost: '-0.0000000005',
  }),
  focusTestRow({
    SubAccountId: 'sub-mapped',
    Tags: '{}',
    BilledCost: '12.3456789014',
  }),
  focusTestRow({ SubAccountId: 'sub-other', Tags: 'NULL', BilledCost: '+7' }),
  focusTestRow({
    Tags: '{"backstage.io/entity-ref":"Component:Default/Mixed-Case","ai-platform.io/team":"group:platform/Infra"}',
    ChargePeriodStart: '2024-09-30 23:00:00',
    ChargePeriodEnd: '2024-10-01 00:00',
    BilledCost: '.5',
  }),
  focusTestRow({
    ProviderName: 'Microsoft',
    BillingPeriodStart: '2024-10-01',
    BillingPeriodEnd: '2024-11-01',
    ChargePeriodStart: '2024-10-02T00:00:00Z',
    ChargePeriodEnd: '2024-10-02T01:00:00Z',
    ServiceName: 'Azure "Quoted", Service',
  }),
]);

describe('DuckDbFocusIngest', () => {
  it.each(databases.eachSupportedId())(
    'stores the same roll-ups, allocation and line items as the JavaScript path, on %p',
    async databaseId => {
      for (const file of [sample, allocationFile]) {
        const js = await setup(databaseId, 'javascript');
        const duck = await setup(databaseId, 'duckdb');
        const jsRun = await js.ingest(file);
        const duckRun = await duck.ingest(file);
        expect(duckRun.status).toBe('succeeded');
        expect(duckRun.rowsIngested).toBe(jsRun.rowsIngested);
        expect(duckRun.billingPeriods).toEqual(jsRun.billingPeriods);
        expect(duckRun.focusVersion).toBe(jsRun.focusVersion);
        // The fast path took it: line items in Parquet, none in the database.
        expect(
          Number((await duck.knex('cost_line_items').count({ n: '*' }))[0].n),
        ).toBe(0);
        expect(
          readdirSync(duck.directory).filter(f => f.endsWith('.parquet')),
        ).toHaveLength(1);
        expect(await rollups(duck.knex)).toEqual(await rollups(js.knex));
        expect(await lineItems(duck.knex, duck.directory)).toEqual(
          await lineItems(js.knex, js.directory),
        );
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'hands a file with invalid rows to the JavaScript path, which reports them as before, on %p',
    async databaseId => {
      const file = focusCsv([
        focusTestRow(),
        focusTestRow({ BilledCost: '1,5' }),
        focusTestRow({ ChargePeriodStart: '2024-02-30T00:00:00Z' }),
        focusTestRow({ BillingCurrency: ' USD' }),
        ...Array.from({ length: 7 }, () => focusTestRow()),
      ]);
      const js = await setup(databaseId, 'javascript', 0.5);
      const duck = await setup(databaseId, 'duckdb', 0.5);
      const jsRun = await js.ingest(file);
      const duckRun = await duck.ingest(file);
      expect(duckRun.status).toBe('succeeded');
      expect(duckRun.errors).toEqual(jsRun.errors);
      expect(duckRun.rowsRejected).toBe(jsRun.rowsRejected);
      expect(duckRun.errors.map(e => e.column)).toEqual([
        'BilledCost',
        'ChargePeriodStart',
      ]);
      expect(await rollups(duck.knex)).toEqual(await rollups(js.knex));

      const refusing = await setup(databaseId, 'duckdb', 0);
      const refused = await refusing.ingest(file);
      expect(refused.status).toBe('refused');
      expect(refused.errors).toEqual(jsRun.errors);
      expect((await rollups(refusing.knex)).daily).toEqual([]);
      expect(
        readdirSync(refusing.directory).filter(f => f.endsWith('.parquet')),
      ).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves valid rows it cannot vouch for to the JavaScript path, with the same result, on %p',
    async databaseId => {
      const file = focusCsv([
        focusTestRow(),
        focusTestRow({ Tags: '{"ai-platform.io/gpu-class":5}' }),
        focusTestRow({ Tags: '{"backstage.io/entity-ref":" owned "}' }),
        focusTestRow({ BilledCost: '1.5e2', ServiceName: ' Padded ' }),
        focusTestRow({ ChargePeriodStart: '2024-09-03T00:00:00+02:00' }),
      ]);
      const js = await setup(databaseId, 'javascript');
      const duck = await setup(databaseId, 'duckdb');
      const jsRun = await js.ingest(file);
      const duckRun = await duck.ingest(file);
      expect(jsRun.status).toBe('succeeded');
      expect(duckRun.status).toBe('succeeded');
      expect(await rollups(duck.knex)).toEqual(await rollups(js.knex));
      expect(await lineItems(duck.knex, duck.directory)).toEqual(
        await lineItems(js.knex, js.directory),
      );
      expect(
        readdirSync(duck.directory).filter(f => f.endsWith('.parquet')),
      ).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'writes the line-item file sorted by day, then team, with the ids of the file order, on %p',
    async databaseId => {
      const day = (d: number) => `2024-09-${String(d).padStart(2, '0')}`;
      const rows = [5, 2, 9, 2, 1, 5].map((d, i) =>
        focusTestRow({
          ChargePeriodStart: `${day(d)}T00:00:00Z`,
          ChargePeriodEnd: `${day(d)}T01:00:00Z`,
          Tags: `{"ai-platform.io/team":"group:default/team-${
            i % 2 ? 'a' : 'b'
          }"}`,
          SubAccountId: `line-${i + 1}`,
        }),
      );
      const duck = await setup(databaseId, 'duckdb');
      const run = await duck.ingest(focusCsv(rows));
      expect(run.status).toBe('succeeded');
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      const statement = await connection.prepare(
        `SELECT day, team, sub_account_id, line_number::INTEGER
         FROM read_parquet($1, file_row_number = true) ORDER BY file_row_number`,
      );
      statement.bindVarchar(1, join(duck.directory, `${run.id}.parquet`));
      const inFile = (await statement.runAndReadAll()).getRows();
      connection.closeSync();
      instance.closeSync();
      expect(inFile).toEqual([
        [day(1), 'group:default/team-b', 'line-5', 5],
        [day(2), 'group:default/team-a', 'line-2', 2],
        [day(2), 'group:default/team-a', 'line-4', 4],
        [day(5), 'group:default/team-a', 'line-6', 6],
        [day(5), 'group:default/team-b', 'line-1', 1],
        [day(9), 'group:default/team-b', 'line-3', 3],
      ]);
      expect(readdirSync(join(duck.directory, 'work'))).toEqual([]);
    },
  );

  // Four months are each read from the staged file filtered by day; eight
  // are more than it filters, so the file is split by month first.
  it.each(
    databases.eachSupportedId().flatMap(([id]) => [
      [id, ['2025-01-03', '2024-12-31', '2024-11-02', '2025-01-01']],
      [
        id,
        [
          '2025-03-09',
          '2024-08-01',
          '2025-01-03',
          '2024-12-31',
          '2024-09-30',
          '2024-11-02',
          '2025-02-28',
          '2024-10-15',
          '2025-01-01',
        ],
      ],
    ]),
  )(
    'sorts a file over several months and years month by month, on %p (%j)',
    async (databaseId, days) => {
      const rows = days.map((d, i) =>
        focusTestRow({
          BillingPeriodStart: `${d.slice(0, 7)}-01T00:00:00Z`,
          BillingPeriodEnd: `${d.slice(0, 7)}-28T00:00:00Z`,
          ChargePeriodStart: `${d}T00:00:00Z`,
          ChargePeriodEnd: `${d}T01:00:00Z`,
          SubAccountId: `line-${i + 1}`,
        }),
      );
      const duck = await setup(databaseId, 'duckdb');
      const run = await duck.ingest(focusCsv(rows));
      expect(run.status).toBe('succeeded');
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      const statement = await connection.prepare(
        `SELECT day, sub_account_id
         FROM read_parquet($1, file_row_number = true) ORDER BY file_row_number`,
      );
      statement.bindVarchar(1, join(duck.directory, `${run.id}.parquet`));
      const inFile = (await statement.runAndReadAll()).getRows();
      connection.closeSync();
      instance.closeSync();
      expect(inFile).toEqual(
        days
          .map((d, i) => [d, `line-${i + 1}`])
          .sort((a, b) => a[0].localeCompare(b[0])),
      );
      expect(readdirSync(join(duck.directory, 'work'))).toEqual([]);
    },
  );

  it('keeps the staged file in file order when it cannot be sorted', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'cost-duckdb-test-'));
    directories.push(directory);
    const from = join(directory, 'staged.parquet');
    const to = join(directory, 'sorted.parquet');
    writeFileSync(from, 'not parquet');
    const logger = mockServices.logger.mock();
    await sortLineItemFile({
      settings: { memoryLimitMiB: 64, threads: 1, tempDirectory: directory },
      from,
      to,
      logger,
    });
    expect(readFileSync(to, 'utf8')).toBe('not parquet');
    expect(readdirSync(directory)).toEqual(['sorted.parquet']);
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not sort a line-item file by day; keeping it in file order',
      expect.objectContaining({ error: expect.any(String) }),
    );
  });

  it.each(databases.eachSupportedId())(
    'replaces a period on re-ingest, deletes the released file and reads gzip uploads, on %p',
    async databaseId => {
      const duck = await setup(databaseId, 'duckdb');
      const first = await duck.ingest(allocationFile);
      const before = await rollups(duck.knex);
      const second = await duck.ingest(gzipSync(Buffer.from(allocationFile)));
      expect(second.status).toBe('succeeded');
      expect(await rollups(duck.knex)).toEqual(before);
      expect(
        readdirSync(duck.directory).filter(f => f.endsWith('.parquet')),
      ).toEqual([`${second.id}.parquet`]);
      expect(first.id).not.toBe(second.id);
      expect(
        (await duck.knex('cost_line_item_files').distinct('ingest_run_id')).map(
          r => r.ingest_run_id,
        ),
      ).toEqual([second.id]);
    },
  );
});
