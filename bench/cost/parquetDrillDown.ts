/* eslint-disable no-console */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { openCostStores } from '../../plugins/cost-backend/src/database/openCostStores';
import { ParquetLineItemReader } from '../../plugins/cost-backend/src/database/ParquetLineItemReader';
import { reserveLineItemIds } from '../../plugins/cost-backend/src/database/reserveLineItemIds';
import { lineItemParquetCopy } from '../../plugins/cost-backend/src/ingest/duckdb/lineItemParquetCopy';
import { createCostServices } from '../../plugins/cost-backend/src/service/createCostServices';
import { benchHierarchy } from './benchHierarchy';
import { DrillDownQuery, measureDrillDown } from './drillDown';
import { closeEngine, Engine, openEngine } from './engines';
import { LINE_ITEMS, TEAMS } from './settings';
import { silentAuditor, silentLogger } from './silentServices';

/** Parquet files the line items are split into: 1 (one ingest of a year) or 12 (monthly exports). */
const FILES = Number(process.env.COST_BENCH_PARQUET_FILES ?? 1) === 12 ? 12 : 1;
/**
 * `sorted` (the default): the files as the ingest writes them (see
 * lineItemParquetCopy); `input`: rows in the generated order, as the ingest
 * wrote them before it sorted by day (for before figures).
 */
const ORDER =
  process.env.COST_BENCH_PARQUET_ORDER === 'input' ? 'input' : 'sorted';

/**
 * `count` line items from line `firstLine` (the distribution of
 * lineItems.ts; with a month, its days only) written by DuckDB as one
 * Parquet file with the DuckDB ingest's columns, by the ingest's statement
 * (or in generated order, with COST_BENCH_PARQUET_ORDER=input).
 */
async function writeParquet(options: {
  path: string;
  count: number;
  month?: number;
}) {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: '2',
    memory_limit: '512MB',
  });
  const conn = await instance.connect();
  const day =
    options.month === undefined
      ? `date '2025-01-01' + CAST(i % 365 AS INTEGER)`
      : `make_date(2025, ${options.month}, 1) + CAST(i % day(last_day(make_date(2025, ${options.month}, 1))) AS INTEGER)`;
  const select = `
    SELECT provider, 'acct-' || (e % 3) AS billing_account_id,
      strftime(date_trunc('month', d), '%Y-%m-%d') AS billing_period,
      strftime(d, '%Y-%m-%d') AS day, 'sub-' || (e % ${TEAMS}) AS sub_account_id,
      NULL::VARCHAR AS sub_account_name, 'service-' || ((e * 3 + s) % 20) AS service_name,
      NULL::VARCHAR AS service_category, 'Usage' AS charge_category,
      'resource-' || i AS resource_id, NULL::VARCHAR AS sku_id, 'us-east-1' AS region_id,
      'USD' AS currency, c AS billed_cost, c AS effective_cost,
      'component:default/c-' || e AS entity_ref, 'group:default/team-' || (e % ${TEAMS}) AS team,
      NULL::VARCHAR AS cost_center, NULL::VARCHAR AS gpu_class,
      i + 1 AS line_number, false AS suspect
    FROM (
      SELECT i, ${day} AS d, e, s,
        (['AWS', 'Microsoft', 'Google Cloud'])[e % 3 + 1] AS provider,
        CAST(floor(random() * 10000000000) AS BIGINT)::DECIMAL(18, 0) / 1000000000 AS c
      FROM (SELECT i, CAST(floor(random() * ${TEAMS * 5}) AS INTEGER) AS e,
              CAST(floor(random() * 3) AS INTEGER) AS s FROM range(${
                options.count
              }) t(i))
    )`;
  const statement = await conn.prepare(
    ORDER === 'sorted'
      ? lineItemParquetCopy(select, '$1')
      : `COPY (${select}) TO $1 (FORMAT parquet, COMPRESSION uncompressed, ROW_GROUP_SIZE 30000)`,
  );
  statement.bindVarchar(1, options.path);
  await statement.run();
  const summary = await conn.prepare(
    `SELECT provider, billing_account_id, billing_period, count(*)::BIGINT, min(day), max(day)
     FROM read_parquet($1) GROUP BY ALL ORDER BY ALL`,
  );
  summary.bindVarchar(1, options.path);
  const periods = (await summary.runAndReadAll()).getRows();
  conn.closeSync();
  instance.closeSync();
  return periods;
}

/**
 * The drill-down of drillDown.ts (first page, filtered page, CSV export of
 * a team's month) over LINE_ITEMS line items in Parquet files, as the
 * DuckDB ingest leaves them (one file per ingest: one of the whole year,
 * the worst case, where every drill-down reads the whole file, or one per
 * month), through the cost services and the plugin's merged line-item
 * store, with the file index on `engine`.
 */
export async function measureParquetDrillDown(engine: Engine, dir: string) {
  const knex = await openEngine(engine, dir);
  const directory = join(dir, 'line-items');
  mkdirSync(directory, { recursive: true });
  const reader = ParquetLineItemReader.create({
    directory,
    memoryLimitMiB: 160,
    threads: 2,
  });
  try {
    const stores = await openCostStores({
      database: mockServices.database({ knex }),
      lineItemFiles: { reader, logger: silentLogger },
    });
    console.error(
      `writing ${LINE_ITEMS} line items as ${FILES} Parquet file(s)`,
    );
    const started = performance.now();
    let periods = 0;
    for (let f = 0; f < FILES; f++) {
      const count =
        Math.floor((LINE_ITEMS * (f + 1)) / FILES) -
        Math.floor((LINE_ITEMS * f) / FILES);
      const runId = randomUUID();
      const fileName = `${runId}.parquet`;
      const rows = await writeParquet({
        path: join(directory, fileName),
        count,
        month: FILES === 12 ? f + 1 : undefined,
      });
      periods += rows.length;
      // As the ingest's transaction records it: the file's periods and its block of ids.
      await knex.transaction(async trx => {
        const first = await reserveLineItemIds(trx, BigInt(count));
        for (const [provider, account, period, n, firstDay, lastDay] of rows) {
          await trx('cost_line_item_files').insert({
            provider: String(provider),
            billing_account_id: String(account),
            billing_period: String(period),
            ingest_run_id: runId,
            file_name: fileName,
            line_items: String(n),
            first_line_item_id: String(first),
            line_numbered: true,
            first_day: String(firstDay),
            last_day: String(lastDay),
          });
        }
      });
    }
    const writeSeconds = (performance.now() - started) / 1000;
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
    const month = (q: DrillDownQuery) => ({
      entityRef: String(q.entityRef),
      from: String(q.from),
      to: String(q.to),
    });
    const drillDown = await measureDrillDown({
      page: q =>
        costs.lineItems.page(
          {
            ...month(q),
            limit: Number(q.limit),
            ...(q.service ? { service: String(q.service) } : {}),
            ...(q.subAccount ? { subAccount: String(q.subAccount) } : {}),
          },
          ctx,
        ),
      exportRows: async q => {
        let lines = 0;
        for await (const chunk of await costs.lineItems.exportCsv(
          month(q),
          ctx,
        )) {
          lines += chunk.split('\r\n').length - 1;
        }
        return lines - 1;
      },
    });
    return {
      lineItems: LINE_ITEMS,
      files: FILES,
      order: ORDER,
      periods,
      writeSeconds: Number(writeSeconds.toFixed(1)),
      ...drillDown,
    };
  } finally {
    await reader.close();
    await closeEngine(engine, knex);
  }
}
