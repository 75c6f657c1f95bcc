/* eslint-disable no-console */
// Cost: (1) streamed ingest of a generated FOCUS file (default 1,000,000 rows)
// into SQLite and PostgreSQL, each engine in a fresh process: rows per second
// and resident memory (baseline, at each quarter of the file, peak), with
// DuckDB reading and aggregating the same file as the reference (ratio); (2)
// over COST_BENCH_LINE_ITEMS line items (default 10,000,000) on each engine,
// again in a fresh process: p50/p95 at 20 concurrent readers of the group
// cost query (an org of 8 departments and 40 teams, a year, by month, split
// by child team) and of an entity's cost card (a component, three months by
// day, split by service), as a user's HTTP requests from readers in their
// own process through the cost plugin's router in a test backend, the
// portal's policy asked in the plugin's process as in the portal (the real
// permission backend beside it) over a catalog of the bench's organisation
// (p50/p95, the backend's CPU per call, load average, the store's share
// alone, and the list of readable groups as the floor without a store
// read), with DuckDB aggregating the same number of line items as the
// reference;
// (3) the drill-down (first page, filtered page, CSV export of a team's
// month) over as many line items in the DuckDB ingest's Parquet files, one
// file for the year (COST_BENCH_PARQUET_FILES=1, the worst case) or one per
// month (12), in a fresh process.
//
//   COST_BENCH_ROWS=1000000 COST_BENCH_LINE_ITEMS=10000000 npm run bench -- cost
//
// The measurements live in bench/cost/; this file picks the process role.
import { runChildRole } from './cost/childProcess';
import { Engine } from './cost/engines';
import { runAll } from './cost/runAll';

async function main() {
  // A child process started by runAll for one engine's measurement.
  const role = process.env.COST_BENCH_ROLE;
  if (role) {
    const figures = await runChildRole(
      role,
      process.env.COST_BENCH_ENGINE as Engine,
    );
    console.log(JSON.stringify(figures));
    return;
  }
  await runAll();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
