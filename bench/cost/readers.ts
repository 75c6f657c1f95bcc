import { latencies } from './latencies';

/**
 * The readers' role, in a process of their own so the backend's CPU is not
 * shared with its clients: `COST_BENCH_READERS` readers GET
 * `COST_BENCH_URL` as the bench's reader (`COST_BENCH_AUTHORIZATION`),
 * each answer read to its end.
 */
export async function runReaders() {
  const url = process.env.COST_BENCH_URL!;
  const authorization = process.env.COST_BENCH_AUTHORIZATION!;
  const readers = Number(process.env.COST_BENCH_READERS);
  return latencies(async () => {
    const response = await fetch(url, { headers: { authorization } });
    const body = await response.text();
    if (!response.ok) {
      throw new Error(`GET ${url}: ${response.status} ${body}`);
    }
  }, readers);
}
