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

/** At READERS concurrent readers, and alone (what one answer costs). */
export async function concurrently(query: () => Promise<unknown>) {
  const alone = await latencies(query, 1);
  return {
    ...(await latencies(query, READERS)),
    oneReaderP50Ms: alone.p50Ms,
  };
}
