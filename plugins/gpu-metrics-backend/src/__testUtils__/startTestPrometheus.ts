import { startPrometheus } from '@ai-platform/cluster-sim';

/** A real Prometheus over a TSDB directory, with its URL and numeric queries. */
export interface TestPrometheus {
  url: string;
  /** An instant query's samples, values as numbers. */
  query(
    expr: string,
    at: Date,
  ): Promise<Array<{ metric: Record<string, string>; value: number }>>;
  /** The single value of an instant query (NaN when empty). */
  scalar(expr: string, at: Date): Promise<number>;
  stop(): Promise<void>;
}

/**
 * cluster-sim's Prometheus over `tsdbDir`, queried by POST so that the long
 * expressions the tests compare against fit.
 */
export async function startTestPrometheus(
  tsdbDir: string,
  workDir: string,
): Promise<TestPrometheus> {
  const prometheus = await startPrometheus(tsdbDir, workDir);
  const query: TestPrometheus['query'] = async (expr, at) => {
    const response = await fetch(`${prometheus.url}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        query: expr,
        time: String(at.getTime() / 1000),
      }).toString(),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(`query failed: ${JSON.stringify(body)}`);
    return body.data.result.map(
      (s: { metric: Record<string, string>; value: [number, string] }) => ({
        metric: s.metric,
        value: Number(s.value[1]),
      }),
    );
  };
  return {
    url: prometheus.url,
    query,
    async scalar(expr, at) {
      const result = await query(expr, at);
      return result.length ? result[0].value : NaN;
    },
    stop: () => prometheus.stop(),
  };
}
