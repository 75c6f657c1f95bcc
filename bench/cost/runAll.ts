/* eslint-disable no-console */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inChild } from './childProcess';
import { duckdbFile, duckdbGroupQuery } from './duckdbReference';
import { ENGINES, postgresUrl } from './engines';
import { generateFocusFile } from './focusFile';
import { DAYS, LINE_ITEMS, ROWS } from './settings';

/**
 * The parent process: generates the file, runs each engine's ingest and
 * query load in a child process, and prints the one JSON line of figures.
 */
export async function runAll() {
  const dir = mkdtempSync(join(tmpdir(), 'cost-bench-'));
  try {
    // COST_BENCH_ENGINES (e.g. `sqlite`) measures only those engines.
    const only = process.env.COST_BENCH_ENGINES?.split(',');
    const engines = ENGINES.filter(
      e => e === 'sqlite' || postgresUrl() !== undefined,
    ).filter(e => !only || only.includes(e));
    if (!engines.includes('postgresql'))
      console.error('No PostgreSQL: measuring SQLite only');
    const file = join(dir, 'focus.csv');
    console.error(`generating ${ROWS} FOCUS rows`);
    await generateFocusFile(file, ROWS);
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
      // The DuckDB ingest's line items are Parquet files: the same
      // drill-down over as many line items in one file (SQLite index).
      console.error(`drill-down over ${LINE_ITEMS} line items in Parquet`);
      queries.parquetDrillDown = await inChild('parquetDrillDown', 'sqlite', {
        COST_BENCH_DIR: dir,
      });
    }
    console.log(
      JSON.stringify({
        ingest: {
          rows: ROWS,
          days: DAYS,
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
