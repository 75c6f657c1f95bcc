import { createReadStream, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { Knex } from 'knex';
import { readCostConfig } from '../../plugins/cost-backend/src/config/CostConfig';
import { openCostStores } from '../../plugins/cost-backend/src/database/openCostStores';
import { DuckDbFocusIngest } from '../../plugins/cost-backend/src/ingest/duckdb/DuckDbFocusIngest';
import { IngestProfile } from '../../plugins/cost-backend/src/ingest/duckdb/IngestProfile';
import { FocusIngester } from '../../plugins/cost-backend/src/ingest/FocusIngester';
import { LineItemAllocator } from '../../plugins/cost-backend/src/ingest/LineItemAllocator';
import { mib, ROWS } from './settings';
import { silentLogger } from './silentServices';

/** `cost.ingest.duckdbMemoryLimitMiB` to try (COST_BENCH_MEMORY_LIMIT_MIB); else the default. */
const MEMORY_LIMIT_MIB = Number(process.env.COST_BENCH_MEMORY_LIMIT_MIB ?? 0);

/** Which ingest path is measured: `duckdb` (default) or `javascript`. */
export const INGEST_ENGINE =
  process.env.COST_BENCH_INGEST === 'javascript' ? 'javascript' : 'duckdb';

/**
 * Ingests `file` through the FocusIngester (a scanned file, so DuckDB reads
 * it in place): rows/s and resident memory. The JavaScript path's quarters
 * are quarters of the rows read; DuckDB reports rows only at the end, so
 * its quarters are quarters of the elapsed time.
 */
export async function measureIngest(knex: Knex, file: string, dir: string) {
  // The plugin's database service over the bench's Knex, without the test
  // harness (@backstage/backend-test-utils alone adds about 150 MiB of
  // resident memory the ingest does not use).
  const database: DatabaseService = {
    getClient: async () => knex,
    migrations: { skip: false },
  };
  const stores = await openCostStores({ database });
  const config = readCostConfig(
    new ConfigReader(
      MEMORY_LIMIT_MIB
        ? { cost: { ingest: { duckdbMemoryLimitMiB: MEMORY_LIMIT_MIB } } }
        : {},
    ),
  );
  const allocation = config.allocation;
  let profile: IngestProfile | undefined;
  const ingester = FocusIngester.create({
    stores,
    logger: silentLogger,
    allocator: async () =>
      LineItemAllocator.create({ allocation, owners: new Map() }),
    maxErrorRatio: 0,
    maxRecordBytes: 1024 * 1024,
    duckdb:
      INGEST_ENGINE === 'duckdb'
        ? new DuckDbFocusIngest(
            {
              lineItemsDirectory: join(dir, 'line-items'),
              memoryLimitMiB: config.ingest.duckdbMemoryLimitMiB,
              threads: 2,
              onProfile: p => {
                profile = p;
              },
            },
            stores.billing,
            silentLogger,
          )
        : undefined,
  });
  // The machine's load when the ingest starts: its timings are only as
  // quiet as the machine.
  const loadAverage = loadavg().map(l => Number(l.toFixed(2)));
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  // The JavaScript heap's share of it (V8's used heap and the buffers it
  // tracks outside it); the rest is native: DuckDB, SQLite, Node itself.
  let peakHeap = 0;
  let peakExternal = 0;
  // Peak resident memory within each quarter of the file's rows.
  const quarters = [0, 0, 0, 0];
  // DuckDB's time quarters are fixed after the run from its duration.
  const samples: Array<[number, number]> = [];
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    const rss = usage.rss;
    peak = Math.max(peak, rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakExternal = Math.max(peakExternal, usage.external);
    samples.push([performance.now() - started, rss]);
    const read = ingester.runningRuns()[0]?.rowsRead ?? ROWS;
    const q = Math.min(3, Math.floor((read / ROWS) * 4));
    quarters[q] = Math.max(quarters[q], rss);
  }, 50);
  const run = await ingester.ingest({
    source: 'folder',
    fileName: 'bench.csv',
    stream: createReadStream(file),
    path: file,
    totalBytes: statSync(file).size,
  });
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuAtStart);
  const seconds = elapsed / 1000;
  clearInterval(sampler);
  if (INGEST_ENGINE === 'duckdb') {
    quarters.fill(0);
    for (const [at, rss] of samples) {
      const q = Math.min(3, Math.floor((at / elapsed) * 4));
      quarters[q] = Math.max(quarters[q], rss);
    }
  }
  if (run.status !== 'succeeded')
    throw new Error(`ingest ${run.status}: ${run.message}`);
  return {
    engine: INGEST_ENGINE,
    rows: run.rowsIngested,
    seconds: Number(seconds.toFixed(1)),
    rowsPerSecond: Math.round(run.rowsIngested / seconds),
    // The backend process's CPU time during the ingest.
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
    loadAverage,
    baselineRssMiB: mib(baseline),
    quarterPeakRssMiB: quarters.map(mib),
    peakRssMiB: mib(peak),
    peakOverBaselineMiB: mib(peak - baseline),
    peakHeapUsedMiB: mib(peakHeap),
    peakExternalMiB: mib(peakExternal),
    duckdbMemoryLimitMiB:
      INGEST_ENGINE === 'duckdb' ? config.ingest.duckdbMemoryLimitMiB : null,
    // The DuckDB ingest's own process (forked per ingest): its peak, and
    // each phase's wall time with the CPU time of both processes.
    duckdbProcessPeakRssMiB: profile?.duckdbPeakRssMiB ?? null,
    phases: profile?.phases ?? null,
  };
}
