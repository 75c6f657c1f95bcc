import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  createTestDatabases,
  focusCsv,
  focusTestRow,
} from '@ai-platform/test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { readCostConfig } from '../config/CostConfig';
import { DuckDbFocusIngest } from '../ingest/duckdb/DuckDbFocusIngest';
import { FocusIngester } from '../ingest/FocusIngester';
import { LineItemAllocator } from '../ingest/LineItemAllocator';
import { openCostStores } from './openCostStores';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const directories: string[] = [];
afterAll(() =>
  directories.forEach(d => rmSync(d, { recursive: true, force: true })),
);

/** Exact sums per (team, day, currency) of a query, as text. */
async function sums(query: Knex.QueryBuilder, knex: Knex) {
  const rows: Array<Record<string, unknown>> = await query
    .select(
      'team',
      'day',
      'currency',
      knex.raw('CAST(SUM(billed_cost_nanos) AS TEXT) AS billed'),
      knex.raw('CAST(SUM(effective_cost_nanos) AS TEXT) AS effective'),
    )
    .groupBy('team', 'day', 'currency')
    .orderBy(['team', 'day', 'currency']);
  return rows.map(r => [r.team, r.day, r.currency, r.billed, r.effective]);
}

/** The team × day roll-up, and the same sums over the daily roll-up. */
async function teamDays(knex: Knex) {
  return {
    stored: await sums(knex('cost_team_daily'), knex),
    fromDaily: await sums(knex('cost_daily'), knex),
  };
}

/**
 * The line items' exact sums per (team, day, currency): those in the
 * database (JavaScript path) plus those of each period's current Parquet
 * file (DuckDB path), summed as text in nano-units.
 */
async function lineItemSums(knex: Knex, directory: string) {
  const rows = (await sums(knex('cost_line_items'), knex)) as string[][];
  const files: Array<Record<string, string>> = await knex(
    'cost_line_item_files',
  ).select('file_name', 'provider', 'billing_account_id', 'billing_period');
  if (files.length) {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    for (const f of files) {
      const statement = await connection.prepare(
        `SELECT team, day, currency,
           SUM(CAST(billed_cost::DECIMAL(38, 9) * 1000000000 AS BIGINT))::VARCHAR AS billed,
           SUM(CAST(effective_cost::DECIMAL(38, 9) * 1000000000 AS BIGINT))::VARCHAR AS effective
         FROM read_parquet($1)
         WHERE provider = $2 AND billing_account_id = $3 AND billing_period = $4
         GROUP BY team, day, currency`,
      );
      statement.bindVarchar(1, join(directory, f.file_name));
      statement.bindVarchar(2, f.provider);
      statement.bindVarchar(3, f.billing_account_id);
      statement.bindVarchar(4, f.billing_period);
      for (const r of (await statement.runAndReadAll()).getRowObjectsJS()) {
        rows.push(
          [r.team, r.day, r.currency, r.billed, r.effective].map(String),
        );
      }
    }
    connection.closeSync();
    instance.closeSync();
  }
  const summed = new Map<string, [bigint, bigint]>();
  for (const [team, day, currency, billed, effective] of rows) {
    const key = [team, day, currency].join('|');
    const [b, e] = summed.get(key) ?? [0n, 0n];
    summed.set(key, [b + BigInt(billed), e + BigInt(effective)]);
  }
  return [...summed.entries()]
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([key, [b, e]]) => [...key.split('|'), String(b), String(e)]);
}

const period = (month: string, next: string) => ({
  BillingPeriodStart: `${month}-01T00:00:00Z`,
  BillingPeriodEnd: `${next}-01T00:00:00Z`,
});
const charge = (day: string) => ({
  ChargePeriodStart: `${day}T00:00:00Z`,
  ChargePeriodEnd: `${day}T01:00:00Z`,
});
const team = (name: string) => JSON.stringify({ 'ai-platform.io/team': name });
const a = 'group:default/a';
const b = 'group:default/b';

describe.each(
  databases
    .eachSupportedId()
    .flatMap(([id]) => [[id, 'javascript'] as const, [id, 'duckdb'] as const]),
)('the team × day roll-up on %p, %p ingest', (databaseId, engine) => {
  it('equals the daily roll-up and the line items after ingest, re-ingest and GPU allocation, and answers group queries by day', async () => {
    const knex = await databases.init(databaseId);
    const stores = await openCostStores({
      database: mockServices.database({ knex }),
    });
    const config = readCostConfig(mockServices.rootConfig({ data: {} }));
    const directory = mkdtempSync(join(tmpdir(), 'cost-team-days-'));
    directories.push(directory);
    const logger = mockServices.logger.mock();
    const ingester = FocusIngester.create({
      stores,
      logger,
      allocator: async () =>
        LineItemAllocator.create({
          allocation: config.allocation,
          owners: new Map(),
        }),
      maxErrorRatio: 0,
      maxRecordBytes: 64 * 1024,
      duckdb:
        engine === 'duckdb'
          ? new DuckDbFocusIngest(
              {
                lineItemsDirectory: directory,
                memoryLimitMiB: 128,
                threads: 1,
              },
              stores.billing,
              logger,
            )
          : undefined,
    });
    const ingest = async (rows: ReturnType<typeof focusTestRow>[]) => {
      const data = Buffer.from(focusCsv(rows));
      const run = await ingester.ingest({
        source: 'upload',
        fileName: 'f.csv',
        stream: Readable.from([data]),
        totalBytes: data.length,
      });
      expect(run.errors).toEqual([]);
      expect(run.status).toBe('succeeded');
    };

    // Two entities' services on one day of team a sum into one row; a
    // charge of August in September's period lands on its own day.
    await ingest([
      focusTestRow({
        ...period('2024-09', '2024-10'),
        ...charge('2024-09-15'),
        BilledCost: '1.000000001',
        EffectiveCost: '0.5',
        Tags: team('a'),
      }),
      focusTestRow({
        ...period('2024-09', '2024-10'),
        ...charge('2024-09-15'),
        BilledCost: '2.000000002',
        EffectiveCost: '2',
        ServiceName: 'Amazon S3',
        Tags: team('a'),
      }),
      focusTestRow({
        ...period('2024-09', '2024-10'),
        ...charge('2024-08-31'),
        BilledCost: '4',
        EffectiveCost: '4',
        Tags: team('b'),
      }),
      focusTestRow({
        ...period('2024-08', '2024-09'),
        ...charge('2024-08-31'),
        BilledCost: '0.25',
        EffectiveCost: '0.25',
        Tags: team('b'),
      }),
    ]);
    let both = await teamDays(knex);
    expect(both.stored).toEqual(both.fromDaily);
    expect(both.stored).toEqual([
      [a, '2024-09-15', 'USD', '3000000003', '2500000000'],
      [b, '2024-08-31', 'USD', '4250000000', '4250000000'],
    ]);
    expect(both.stored).toEqual(await lineItemSums(knex, directory));

    // Re-ingesting September replaces its days, August's period stays.
    await ingest([
      focusTestRow({
        ...period('2024-09', '2024-10'),
        ...charge('2024-09-02'),
        BilledCost: '7',
        EffectiveCost: '6',
        Tags: team('a'),
      }),
    ]);
    both = await teamDays(knex);
    expect(both.stored).toEqual(both.fromDaily);
    expect(both.stored).toEqual([
      [a, '2024-09-02', 'USD', '7000000000', '6000000000'],
      [b, '2024-08-31', 'USD', '250000000', '250000000'],
    ]);
    expect(both.stored).toEqual(await lineItemSums(knex, directory));

    // The GPU allocation job's days join the same roll-up.
    await stores.gpu.replaceGpuDays({
      from: '2024-09-01',
      to: '2024-09-30',
      rows: [
        {
          day: '2024-09-02',
          cluster: 'gpu-prod',
          entityRef: null,
          team: a,
          gpuClass: 'h100',
          grantId: '11111111-1111-4111-8111-111111111111',
          gpuHoursAllocated: 3,
          gpuHoursUsed: 1,
          hourlyRateNanos: 4_100_000_001n,
          allocatedCostNanos: 12_300_000_003n,
          usedCostNanos: 4_100_000_001n,
          currency: 'USD',
        },
      ],
    });
    both = await teamDays(knex);
    expect(both.stored).toEqual(both.fromDaily);
    expect(both.stored).toEqual([
      [a, '2024-09-02', 'USD', '19300000003', '18300000003'],
      [b, '2024-08-31', 'USD', '250000000', '250000000'],
    ]);

    // A group's days (and a range that is not whole months) are read from
    // it, with the sums of the daily roll-up.
    const filter = { teams: [a, b], from: '2024-08-31', to: '2024-09-02' };
    const byTeamDay = await stores.daily.queryDaily({
      filter,
      groupBy: 'team',
      metric: 'billed',
    });
    expect(byTeamDay.map(r => [r.key, r.day, String(r.nanos)]).sort()).toEqual([
      [a, '2024-09-02', '19300000003'],
      [b, '2024-08-31', '250000000'],
    ]);
    const total = await stores.daily.queryDaily({
      filter,
      metric: 'effective',
      grain: 'month',
    });
    expect(total.map(r => [r.day, String(r.nanos)]).sort()).toEqual([
      ['2024-08-31', '250000000'],
      ['2024-09-02', '18300000003'],
    ]);
    expect(await stores.daily.lastDay({ ...filter, teams: [b] })).toBe(
      '2024-08-31',
    );

    // A total is one exact sum: of the team days within a range of days, of
    // the team months over whole months; 0 where there is nothing.
    expect(await stores.daily.totalNanos({ filter, metric: 'effective' })).toBe(
      18550000003n,
    );
    expect(
      await stores.daily.totalNanos({
        filter: { teams: [a, b], from: '2024-08-01', to: '2024-09-30' },
        metric: 'billed',
      }),
    ).toBe(19550000003n);
    expect(
      await stores.daily.totalNanos({
        filter: { teams: [a], from: '2023-01-01', to: '2023-12-31' },
        metric: 'billed',
      }),
    ).toBe(0n);
  });
});
