/* eslint-disable no-console */
// Cost: (1) streamed ingest of a generated FOCUS file (default 1,000,000 rows)
// into SQLite and PostgreSQL: rows per second and peak resident memory, with
// DuckDB reading and aggregating the same file as the reference (ratio); (2)
// p50/p95 of the group cost query (an org of 8 departments and 40 teams, a
// year, by month, split by child team) over COST_BENCH_LINE_ITEMS line items
// (default 10,000,000) on PostgreSQL, answered from the daily roll-up, with
// DuckDB aggregating the same line items directly as the reference (ratio).
//
//   COST_BENCH_ROWS=1000000 COST_BENCH_LINE_ITEMS=10000000 npm run bench -- cost
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  rmSync,
  statSync,
} from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { CostGroup } from '@ai-platform/plugin-cost-common';
import { DuckDBInstance } from '@duckdb/node-api';
import knexFactory, { Knex } from 'knex';
import { CostOrganisation } from '../plugins/cost-backend/src/catalog/CostOrganisation';
import { readCostConfig } from '../plugins/cost-backend/src/config/CostConfig';
import { openCostStores } from '../plugins/cost-backend/src/database/openCostStores';
import { FocusIngester } from '../plugins/cost-backend/src/ingest/FocusIngester';
import { LineItemAllocator } from '../plugins/cost-backend/src/ingest/LineItemAllocator';
import { createCostServices } from '../plugins/cost-backend/src/service/createCostServices';

const ROWS = Number(process.env.COST_BENCH_ROWS ?? 1_000_000);
const LINE_ITEMS = Number(process.env.COST_BENCH_LINE_ITEMS ?? 10_000_000);
const QUERY_RUNS = 30;
const TEAMS = 40;
const DEPARTMENTS = 8;

const silentLogger: LoggerService = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
  child: () => silentLogger,
};

const silentAuditor: AuditorService = {
  createEvent: async () => ({ success: async () => {}, fail: async () => {} }),
};

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

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

/** Writes a FOCUS 1.2 file of `rows` rows over the last 365 days. */
async function generateFile(path: string, rows: number) {
  const out = createWriteStream(path);
  out.write(`${COLUMNS.join(',')}\n`);
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const start = Date.UTC(2025, 0, 1);
  for (let i = 0; i < rows; i++) {
    const day = new Date(start + (i % 365) * 86_400_000)
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

async function engines(
  dir: string,
): Promise<Array<{ name: string; knex: () => Promise<Knex> }>> {
  const list: Array<{ name: string; knex: () => Promise<Knex> }> = [
    {
      name: 'sqlite',
      knex: async () =>
        knexFactory({
          client: 'better-sqlite3',
          connection: { filename: join(dir, 'cost.sqlite') },
          useNullAsDefault: true,
        }),
    },
  ];
  const pg = postgresUrl();
  if (pg) list.push({ name: 'postgresql', knex: () => postgresDatabase(pg) });
  else console.error('No PostgreSQL: measuring SQLite only');
  return list;
}

function postgresUrl(): string | undefined {
  return (
    process.env.TEST_POSTGRES_URL ??
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
  );
}

const databaseNames = new WeakMap<Knex, string>();

async function postgresDatabase(pg: string): Promise<Knex> {
  const admin = knexFactory({ client: 'pg', connection: pg });
  const db = `cost_bench_${Date.now()}`;
  await admin.raw(`create database ${db}`);
  await admin.destroy();
  const knex = knexFactory({
    client: 'pg',
    connection: `${pg}/${db}`,
    pool: { min: 0, max: 10 },
  });
  databaseNames.set(knex, db);
  return knex;
}

async function dropPostgresDatabase(knex: Knex) {
  const db = databaseNames.get(knex)!;
  await knex.destroy();
  const admin = knexFactory({ client: 'pg', connection: postgresUrl()! });
  await admin.raw(`drop database if exists ${db}`);
  await admin.destroy();
}

async function measureIngest(knex: Knex, file: string) {
  const stores = await openCostStores({
    database: mockServices.database({ knex }),
  });
  const allocation = readCostConfig(
    mockServices.rootConfig({ data: {} }),
  ).allocation;
  const ingester = FocusIngester.create({
    stores,
    logger: silentLogger,
    allocator: async () =>
      LineItemAllocator.create({ allocation, owners: new Map() }),
    maxErrorRatio: 0,
    maxRecordBytes: 1024 * 1024,
  });
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const started = performance.now();
  const run = await ingester.ingest({
    source: 'folder',
    fileName: 'bench.csv',
    stream: createReadStream(file),
    totalBytes: statSync(file).size,
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  if (run.status !== 'succeeded')
    throw new Error(`ingest ${run.status}: ${run.message}`);
  return {
    rows: run.rowsIngested,
    seconds: Number(seconds.toFixed(1)),
    rowsPerSecond: Math.round(run.rowsIngested / seconds),
    peakRssMiB: Math.round(peak / 1024 / 1024),
  };
}

async function duckdbFile(file: string) {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const started = performance.now();
  const reader = await conn.runAndReadAll(
    `SELECT SubAccountId, ServiceName, count(*) AS n, sum(BilledCost) AS cost
     FROM read_csv('${file.replace(
       /'/g,
       "''",
     )}', header = true, auto_detect = true)
     GROUP BY ALL`,
  );
  const groups = reader.getRowObjects().length;
  const seconds = (performance.now() - started) / 1000;
  conn.closeSync();
  return { seconds: Number(seconds.toFixed(2)), groups };
}

/** The bench org: org → 8 departments → 40 teams. */
function benchHierarchy(): CostOrganisation {
  const groups = new Map<string, CostGroup>();
  const add = (ref: string, parentRef: string | null, type: string) =>
    groups.set(ref, {
      ref,
      title: ref.split('/')[1],
      type,
      parentRef,
      childRefs: [],
    });
  add('group:default/org', null, 'organization');
  for (let d = 0; d < DEPARTMENTS; d++)
    add(`group:default/dept-${d}`, 'group:default/org', 'department');
  for (let t = 0; t < TEAMS; t++)
    add(
      `group:default/team-${t}`,
      `group:default/dept-${t % DEPARTMENTS}`,
      'team',
    );
  for (const g of groups.values())
    if (g.parentRef) groups.get(g.parentRef)!.childRefs.push(g.ref);
  const descendants = (ref: string): string[] => [
    ref,
    ...(groups.get(ref)?.childRefs ?? []).flatMap(descendants),
  ];
  return {
    groups: async () => groups,
    descendants: async ref => descendants(ref),
    ancestors: async ref => {
      const out: string[] = [];
      let p = groups.get(ref)?.parentRef ?? null;
      while (p) {
        out.push(p);
        p = groups.get(p)?.parentRef ?? null;
      }
      return out;
    },
    owners: async () => new Map(),
  };
}

const LINE_ITEM_SQL = (n: number) => `
  INSERT INTO cost_line_items (ingest_run_id, provider, billing_account_id, billing_period, day, sub_account_id, service_name, charge_category, currency, billed_cost, effective_cost, entity_ref, team)
  SELECT 'bench', (ARRAY['AWS','Microsoft','Google Cloud'])[e % 3 + 1], 'acct-' || (e % 3),
         to_char(date_trunc('month', d), 'YYYY-MM-DD'), to_char(d, 'YYYY-MM-DD'), 'sub-' || (e % ${TEAMS}),
         'service-' || ((e * 3 + s) % 20), 'Usage', 'USD', c, c, 'component:default/c-' || e, 'group:default/team-' || (e % ${TEAMS})
  FROM (SELECT date '2025-01-01' + (i % 365) AS d, floor(random() * ${
    TEAMS * 5
  })::int AS e,
               floor(random() * 3)::int AS s, random() * 10 AS c
        FROM generate_series(1, ${n}) AS i) g`;

const ROLLUP_SQL = `
  INSERT INTO cost_daily (source, provider, billing_account_id, billing_period, day, entity_ref, team, sub_account_id, service_name, gpu_class, currency, billed_cost, effective_cost, line_items)
  SELECT 'billing', provider, billing_account_id, billing_period, day, entity_ref, team, sub_account_id, service_name, gpu_class, currency, SUM(billed_cost), SUM(effective_cost), COUNT(*)
  FROM cost_line_items GROUP BY provider, billing_account_id, billing_period, day, entity_ref, team, sub_account_id, service_name, gpu_class, currency`;

async function measureQuery(pg: string) {
  const knex = await postgresDatabase(pg);
  try {
    const stores = await openCostStores({
      database: mockServices.database({ knex }),
    });
    let started = performance.now();
    const chunk = 1_000_000;
    for (let done = 0; done < LINE_ITEMS; done += chunk) {
      await knex.raw(LINE_ITEM_SQL(Math.min(chunk, LINE_ITEMS - done)));
      console.error(`line items: ${Math.min(done + chunk, LINE_ITEMS)}`);
    }
    await knex.raw(ROLLUP_SQL);
    await knex.raw('ANALYZE');
    const loadSeconds = (performance.now() - started) / 1000;
    const [{ count: dailyRows }] = await knex('cost_daily').count({
      count: '*',
    });

    const costs = createCostServices({
      stores,
      organisation: benchHierarchy(),
      permissions: mockServices.permissions(),
      auditor: silentAuditor,
      auth: mockServices.auth(),
      logger: silentLogger,
      currency: 'USD',
    });
    const ctx = { credentials: mockCredentials.user() };
    const query = {
      entityRef: 'group:default/org',
      from: '2025-01-01',
      to: '2025-12-31',
      granularity: 'month' as const,
      splitBy: 'childTeam' as const,
      metric: 'billed' as const,
    };
    const latencies: number[] = [];
    let total = 0;
    for (let i = 0; i < QUERY_RUNS + 2; i++) {
      started = performance.now();
      const report = await costs.reports.costs(query, ctx);
      if (i >= 2) latencies.push(performance.now() - started);
      total = report.total;
    }
    latencies.sort((a, b) => a - b);

    // DuckDB reference: the same line items, aggregated directly.
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run(`CREATE TABLE li AS
      SELECT 'group:default/team-' || (e % ${TEAMS}) AS team, 'dept-' || ((e % ${TEAMS}) % ${DEPARTMENTS}) AS dept,
             date '2025-01-01' + CAST(i % 365 AS INTEGER) AS d, random() * 10 AS c
      FROM (SELECT i, CAST(floor(random() * ${
        TEAMS * 5
      }) AS INTEGER) AS e FROM range(${LINE_ITEMS}) t(i))`);
    const duck: number[] = [];
    for (let i = 0; i < QUERY_RUNS + 2; i++) {
      started = performance.now();
      await conn.runAndReadAll(
        `SELECT dept, date_trunc('month', d) AS m, sum(c) FROM li WHERE d BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY ALL`,
      );
      if (i >= 2) duck.push(performance.now() - started);
    }
    conn.closeSync();
    duck.sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    return {
      lineItems: LINE_ITEMS,
      dailyRollupRows: Number(dailyRows),
      loadSeconds: Number(loadSeconds.toFixed(1)),
      total: Math.round(total),
      p50Ms: Number(p50.toFixed(1)),
      p95Ms: Number(percentile(latencies, 95).toFixed(1)),
      duckdbP50Ms: Number(percentile(duck, 50).toFixed(1)),
      ratioToDuckdb: Number((p50 / percentile(duck, 50)).toFixed(2)),
    };
  } finally {
    await dropPostgresDatabase(knex);
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'cost-bench-'));
  try {
    const file = join(dir, 'focus.csv');
    console.error(`generating ${ROWS} FOCUS rows`);
    await generateFile(file, ROWS);
    const fileMiB = Math.round(statSync(file).size / 1024 / 1024);
    const duck = await duckdbFile(file);
    console.error(`duckdb read the file in ${duck.seconds}s`);
    const ingest: Record<string, unknown> = {};
    for (const engine of await engines(dir)) {
      console.error(`ingesting into ${engine.name}`);
      const knex = await engine.knex();
      try {
        const figures = await measureIngest(knex, file);
        ingest[engine.name] = {
          ...figures,
          ratioToDuckdb: Number((figures.seconds / duck.seconds).toFixed(1)),
        };
      } finally {
        if (engine.name === 'postgresql') await dropPostgresDatabase(knex);
        else await knex.destroy();
      }
    }
    const pg = postgresUrl();
    let groupQuery: unknown = 'skipped: no PostgreSQL';
    if (pg && LINE_ITEMS > 0) {
      console.error(`loading ${LINE_ITEMS} line items into PostgreSQL`);
      groupQuery = await measureQuery(pg);
    }
    console.log(
      JSON.stringify({
        ingest: { rows: ROWS, fileMiB, duckdbSeconds: duck.seconds, ...ingest },
        groupQuery,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
