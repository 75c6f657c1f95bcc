import { loadavg } from 'node:os';
import { percentile, QUERY_RUNS, READERS } from './settings';

/** p50 and p95 of `query` run by `readers` concurrent readers. */
export async function latencies(
  query: () => Promise<unknown>,
  readers: number,
) {
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

/**
 * `measure()`'s figures and this process's CPU time per call (the client,
 * the backend and, on SQLite, the database engine all run in it; a
 * PostgreSQL server's CPU is not counted): the work one answer costs, which
 * a busy machine changes far less than the wall-clock time.
 */
export async function withCpu<T extends object>(
  calls: number,
  measure: () => Promise<T>,
): Promise<T & { cpuMsPerCall: number }> {
  const started = process.cpuUsage();
  const figures = await measure();
  const used = process.cpuUsage(started);
  return {
    ...figures,
    cpuMsPerCall: Number(((used.user + used.system) / 1000 / calls).toFixed(1)),
  };
}

/**
 * At READERS concurrent readers (with CPU per call and the machine's
 * one-minute load average at the end), and alone (what one answer costs).
 */
export async function concurrently(query: () => Promise<unknown>) {
  const alone = await withCpu(QUERY_RUNS + 2, () => latencies(query, 1));
  const loaded = await withCpu(READERS * (QUERY_RUNS + 2), () =>
    latencies(query, READERS),
  );
  return {
    ...loaded,
    oneReaderP50Ms: alone.p50Ms,
    oneReaderCpuMsPerCall: alone.cpuMsPerCall,
    loadAverage: Number(loadavg()[0].toFixed(2)),
  };
}

/**
 * `concurrently`'s figures with the readers in a process of their own
 * (`inChild`'s `readers` role): the CPU per call is then this process's
 * alone, the backend's (and, on SQLite, the database engine's).
 */
export async function concurrentlyFromReaders(
  readersOf: (readers: number) => Promise<{ p50Ms: number; p95Ms: number }>,
) {
  const alone = await withCpu(QUERY_RUNS + 2, () => readersOf(1));
  const loaded = await withCpu(READERS * (QUERY_RUNS + 2), () =>
    readersOf(READERS),
  );
  return {
    ...loaded,
    oneReaderP50Ms: alone.p50Ms,
    oneReaderCpuMsPerCall: alone.cpuMsPerCall,
    loadAverage: Number(loadavg()[0].toFixed(2)),
  };
}
