import { ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A real Prometheus over a TSDB directory, with its URL. */
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        resolve(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}

/**
 * Starts `prometheus` on a free port over `tsdbDir`, as cluster-sim's
 * `startPrometheus` does, but exposing its URL, which the plugin needs.
 */
export async function startTestPrometheus(
  tsdbDir: string,
  workDir: string,
): Promise<TestPrometheus> {
  const port = await freePort();
  const config = join(workDir, 'prometheus.yml');
  writeFileSync(config, 'global:\n  scrape_interval: 1h\nscrape_configs: []\n');
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${tsdbDir}`,
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', chunk => {
    log += chunk;
  });
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  const url = `http://127.0.0.1:${port}`;
  let ready = false;
  for (let i = 0; i < 300 && !ready; i++) {
    try {
      ready = (await fetch(`${url}/-/ready`)).status === 200;
    } catch {
      // not listening yet
    }
    if (!ready) await new Promise(r => setTimeout(r, 100));
  }
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`prometheus not ready: ${log}`);
  }
  const query: TestPrometheus['query'] = async (expr, at) => {
    const response = await fetch(`${url}/api/v1/query`, {
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
    url,
    query,
    async scalar(expr, at) {
      const result = await query(expr, at);
      return result.length ? result[0].value : NaN;
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
