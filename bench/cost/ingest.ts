import { createReadStream, statSync } from 'node:fs';
import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { readCostConfig } from '../../plugins/cost-backend/src/config/CostConfig';
import { openCostStores } from '../../plugins/cost-backend/src/database/openCostStores';
import { FocusIngester } from '../../plugins/cost-backend/src/ingest/FocusIngester';
import { LineItemAllocator } from '../../plugins/cost-backend/src/ingest/LineItemAllocator';
import { mib, ROWS } from './settings';
import { silentLogger } from './silentServices';

/** Ingests `file` through the FocusIngester: rows/s and resident memory. */
export async function measureIngest(knex: Knex, file: string) {
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
