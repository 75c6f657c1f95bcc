import { DuckDBInstance } from '@duckdb/node-api';
import {
  DEPARTMENTS,
  LINE_ITEMS,
  percentile,
  QUERY_RUNS,
  TEAMS,
} from './settings';

/** DuckDB reading and aggregating the same FOCUS file: the ingest's reference. */
export async function duckdbFile(file: string) {
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

/** DuckDB: the group query's aggregation straight over as many line items. */
export async function duckdbGroupQuery() {
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
