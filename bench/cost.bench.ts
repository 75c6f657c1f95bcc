/* eslint-disable no-console */
// Cost: (1) streamed ingest of a generated FOCUS file (default 1,000,000 rows)
// into SQLite and PostgreSQL, each engine in a fresh process: rows per second
// and resident memory (baseline, at each quarter of the file, peak), with
// DuckDB reading and aggregating the same file as the reference (ratio); (2)
// over COST_BENCH_LINE_ITEMS line items (default 10,000,000) on each engine,
// again in a fresh process: p50/p95 at 20 concurrent readers of the group
// cost query (an org of 8 departments and 40 teams, a year, by month, split
// by child team) and of an entity's cost card (a component, three months by
// day, split by service), through the cost services (permissions allow all),
// with DuckDB aggregating the same number of line items as the reference.
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
import { spawn } from 'node:child_process';
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
import {
  monthsBetween,
  rebuildTeamMonths,
} from '../plugins/cost-backend/src/database/rebuildTeamMonths';
import { createCostServices } from '../plugins/cost-backend/src/service/createCostServices';

const ROWS = Number(process.env.COST_BENCH_ROWS ?? 1_000_000);
const LINE_ITEMS = Number(process.env.COST_BENCH_LINE_ITEMS ?? 10_000_000);
/** Queries per reader, after two to warm up. */
const QUERY_RUNS = 30;
const READERS = 20;
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

const ENGINES = ['sqlite', 'postgresql'] as const;
type Engine = (typeof ENGINES)[number];

async function openEngine(engine: Engine, dir: string): Promise<Knex> {
  if (engine === 'sqlite') {
    return knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(dir, `cost-${Date.now()}.sqlite`) },
      useNullAsDefault: true,
    });
  }
  return postgresDatabase(postgresUrl()!);
}

async function closeEngine(engine: Engine, knex: Knex) {
  if (engine === 'postgresql') await dropPostgresDatabase(knex);
  else await knex.destroy();
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

const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);

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
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  // Peak resident memory within each quarter of the file's rows.
  const quarters = [0, 0, 0, 0];
  const sampler = setInterval(() => {
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    const read = ingester.runningRuns()[0]?.rowsRead ?? ROWS;
    const q = Math.min(3, Math.floor((read / ROWS) * 4));
    quarters[q] = Math.max(quarters[q], rss);
  }, 50);
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
    baselineRssMiB: mib(baseline),
    quarterPeakRssMiB: quarters.map(mib),
    peakRssMiB: mib(peak),
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

const LINE_ITEM_COLUMNS =
  'ingest_run_id, provider, billing_account_id, billing_period, day, sub_account_id, service_name, charge_category, currency, billed_cost_nanos, effective_cost_nanos, entity_ref, team';

/** `n` generated line items over 2025: PostgreSQL. */
const LINE_ITEM_SQL_PG = (n: number) => `
  INSERT INTO cost_line_items (${LINE_ITEM_COLUMNS})
  SELECT 'bench', (ARRAY['AWS','Microsoft','Google Cloud'])[e % 3 + 1], 'acct-' || (e % 3),
         to_char(date_trunc('month', d), 'YYYY-MM-DD'), to_char(d, 'YYYY-MM-DD'), 'sub-' || (e % ${TEAMS}),
         'service-' || ((e * 3 + s) % 20), 'Usage', 'USD', c, c, 'component:default/c-' || e, 'group:default/team-' || (e % ${TEAMS})
  FROM (SELECT date '2025-01-01' + (i % 365) AS d, floor(random() * ${
    TEAMS * 5
  })::int AS e,
               floor(random() * 3)::int AS s, floor(random() * 1e10)::bigint AS c
        FROM generate_series(1, ${n}) AS i) g`;

/**
 * The same on SQLite: a recursive series (no generate_series built in) that
 * draws the random values, so each is drawn once per row (a subquery's
 * random() would be drawn again for every column that reads it).
 */
const LINE_ITEM_SQL_SQLITE = (n: number) => `
  INSERT INTO cost_line_items (${LINE_ITEM_COLUMNS})
  WITH RECURSIVE g(i, e, s, c) AS (
    SELECT 0, abs(random()) % ${
      TEAMS * 5
    }, abs(random()) % 3, abs(random()) % 10000000000
    UNION ALL
    SELECT i + 1, abs(random()) % ${
      TEAMS * 5
    }, abs(random()) % 3, abs(random()) % 10000000000 FROM g WHERE i < ${n - 1})
  SELECT 'bench', CASE e % 3 WHEN 0 THEN 'AWS' WHEN 1 THEN 'Microsoft' ELSE 'Google Cloud' END, 'acct-' || (e % 3),
         substr(d, 1, 7) || '-01', d, 'sub-' || (e % ${TEAMS}),
         'service-' || ((e * 3 + s) % 20), 'Usage', 'USD', c, c, 'component:default/c-' || e, 'group:default/team-' || (e % ${TEAMS})
  FROM (SELECT date('2025-01-01', '+' || (i % 365) || ' days') AS d, e, s, c FROM g)`;

const ROLLUP_SQL = `
  INSERT INTO cost_daily (source, provider, billing_account_id, billing_period, day, entity_ref, team, sub_account_id, service_name, gpu_class, currency, billed_cost_nanos, effective_cost_nanos, line_items)
  SELECT 'billing', provider, billing_account_id, billing_period, day, entity_ref, team, sub_account_id, service_name, gpu_class, currency, SUM(billed_cost_nanos), SUM(effective_cost_nanos), COUNT(*)
  FROM cost_line_items GROUP BY provider, billing_account_id, billing_period, day, entity_ref, team, sub_account_id, service_name, gpu_class, currency`;

/** p50 and p95 of `query` run by `readers` concurrent readers. */
async function latencies(query: () => Promise<unknown>, readers: number) {
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: readers }, async () => {
      for (let i = 0; i < QUERY_RUNS + 2; i++) {
        const started = performance.now();
        await query();
        if (i >= 2) latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    p50Ms: Number(percentile(latencies, 50).toFixed(1)),
    p95Ms: Number(percentile(latencies, 95).toFixed(1)),
  };
}

/** At READERS concurrent readers, and alone (what one answer costs). */
async function concurrently(query: () => Promise<unknown>) {
  const alone = await latencies(query, 1);
  return {
    ...(await latencies(query, READERS)),
    oneReaderP50Ms: alone.p50Ms,
  };
}

async function measureQuery(engine: Engine, dir: string) {
  const knex = await openEngine(engine, dir);
  try {
    const stores = await openCostStores({
      database: mockServices.database({ knex }),
    });
    const started = performance.now();
    const chunk = 1_000_000;
    for (let done = 0; done < LINE_ITEMS; done += chunk) {
      const n = Math.min(chunk, LINE_ITEMS - done);
      await knex.raw(
        engine === 'postgresql' ? LINE_ITEM_SQL_PG(n) : LINE_ITEM_SQL_SQLITE(n),
      );
      console.error(`${engine} line items: ${done + n}`);
    }
    // The roll-ups the ingest keeps, by the store's own statements.
    await knex.raw(ROLLUP_SQL);
    await knex.transaction(trx =>
      rebuildTeamMonths(trx, monthsBetween('2025-01-01', '2025-12-31')),
    );
    await knex.raw('ANALYZE');
    const loadSeconds = (performance.now() - started) / 1000;
    const count = async (table: string) =>
      Number((await knex(table).count({ n: '*' }))[0].n);

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
    let total = 0;
    const groupQuery = await concurrently(async () => {
      const report = await costs.reports.costs(
        {
          entityRef: 'group:default/org',
          from: '2025-01-01',
          to: '2025-12-31',
          granularity: 'month',
          splitBy: 'childTeam',
          metric: 'billed',
        },
        ctx,
      );
      total = report.total;
    });
    let cardRows = 0;
    const costCard = await concurrently(async () => {
      const report = await costs.reports.costs(
        {
          entityRef: 'component:default/c-7',
          from: '2025-10-01',
          to: '2025-12-31',
          granularity: 'day',
          splitBy: 'service',
          metric: 'billed',
        },
        ctx,
      );
      cardRows = report.series.length;
    });
    // Drill-down: a team's month down to its line items.
    const month = {
      entityRef: 'group:default/team-7',
      from: '2025-06-01',
      to: '2025-06-30',
    };
    const firstPage = await latencies(
      () => costs.lineItems.page({ ...month, limit: 100 }, ctx),
      1,
    );
    const filteredPage = await latencies(
      () =>
        costs.lineItems.page(
          { ...month, service: 'service-1', subAccount: 'sub-7', limit: 100 },
          ctx,
        ),
      1,
    );
    let exported = 0;
    const exportStarted = performance.now();
    for await (const chunk of await costs.lineItems.exportCsv(month, ctx)) {
      exported += chunk.split('\r\n').length - 1;
    }
    const exportMs = performance.now() - exportStarted;
    return {
      drillDown: {
        firstPage,
        filteredPage,
        exportRows: exported - 1,
        exportMs: Number(exportMs.toFixed(1)),
      },
      lineItems: await count('cost_line_items'),
      dailyRollupRows: await count('cost_daily'),
      teamMonthlyRows: await count('cost_team_monthly'),
      loadSeconds: Number(loadSeconds.toFixed(1)),
      total: Math.round(total),
      readers: READERS,
      groupQuery,
      costCard: { ...costCard, series: cardRows },
    };
  } finally {
    await closeEngine(engine, knex);
  }
}

/** DuckDB: the group query's aggregation straight over as many line items. */
async function duckdbGroupQuery() {
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
    const started = performance.now();
    await conn.runAndReadAll(
      `SELECT dept, date_trunc('month', d) AS m, sum(c) FROM li WHERE d BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY ALL`,
    );
    if (i >= 2) duck.push(performance.now() - started);
  }
  conn.closeSync();
  duck.sort((a, b) => a - b);
  return { p50Ms: Number(percentile(duck, 50).toFixed(1)) };
}

/** Runs one measurement in a fresh process of this benchmark; its JSON. */
function inChild(role: string, engine: Engine, env: Record<string, string>) {
  return new Promise<unknown>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, process.argv[1]],
      {
        env: {
          ...process.env,
          ...env,
          COST_BENCH_ROLE: role,
          COST_BENCH_ENGINE: engine,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', d => (out += d));
    child.on('close', code =>
      code === 0
        ? resolve(JSON.parse(out))
        : reject(new Error(`${role} on ${engine} exited with ${code}`)),
    );
  });
}

async function child(role: string, engine: Engine) {
  const dir = process.env.COST_BENCH_DIR!;
  if (role === 'ingest') {
    const knex = await openEngine(engine, dir);
    try {
      return await measureIngest(knex, process.env.COST_BENCH_FILE!);
    } finally {
      await closeEngine(engine, knex);
    }
  }
  return measureQuery(engine, dir);
}

async function main() {
  const role = process.env.COST_BENCH_ROLE;
  if (role) {
    const figures = await child(role, process.env.COST_BENCH_ENGINE as Engine);
    console.log(JSON.stringify(figures));
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'cost-bench-'));
  try {
    const engines = ENGINES.filter(
      e => e === 'sqlite' || postgresUrl() !== undefined,
    );
    if (!engines.includes('postgresql'))
      console.error('No PostgreSQL: measuring SQLite only');
    const file = join(dir, 'focus.csv');
    console.error(`generating ${ROWS} FOCUS rows`);
    await generateFile(file, ROWS);
    const fileMiB = Math.round(statSync(file).size / 1024 / 1024);
    const duck = await duckdbFile(file);
    console.error(`duckdb read the file in ${duck.seconds}s`);
    const duckRowsPerSecond = Math.round(ROWS / duck.seconds);
    const ingest: Record<string, unknown> = {};
    for (const engine of engines) {
      console.error(`ingesting into ${engine}`);
      const figures = (await inChild('ingest', engine, {
        COST_BENCH_DIR: dir,
        COST_BENCH_FILE: file,
      })) as { rowsPerSecond: number };
      ingest[engine] = {
        ...figures,
        shareOfDuckdb: Number(
          (figures.rowsPerSecond / duckRowsPerSecond).toFixed(2),
        ),
      };
    }
    const queries: Record<string, unknown> = {};
    if (LINE_ITEMS > 0) {
      for (const engine of engines) {
        console.error(`loading ${LINE_ITEMS} line items into ${engine}`);
        queries[engine] = await inChild('query', engine, {
          COST_BENCH_DIR: dir,
        });
      }
      queries.duckdbGroupQuery = await duckdbGroupQuery();
    }
    console.log(
      JSON.stringify({
        ingest: {
          rows: ROWS,
          fileMiB,
          duckdbSeconds: duck.seconds,
          duckdbRowsPerSecond: duckRowsPerSecond,
          ...ingest,
        },
        queries,
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
