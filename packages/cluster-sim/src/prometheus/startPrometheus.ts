import { ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';

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

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, res => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', chunk => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

/** A real Prometheus serving a TSDB directory, for query assertions. */
export interface PrometheusServer {
  /** Base URL, `http://127.0.0.1:<port>`, for clients under test. */
  url: string;
  /** An instant query's result vector. */
  query(
    expr: string,
    at: Date,
  ): Promise<
    Array<{ metric: Record<string, string>; value: [number, string] }>
  >;
  stop(): Promise<void>;
}

/**
 * Starts `prometheus` on a free local port over `tsdbDir` and waits until
 * ready; `configYaml` replaces the default configuration (no scraping).
 */
export async function startPrometheus(
  tsdbDir: string,
  workDir: string,
  configYaml = 'global:\n  scrape_interval: 1h\nscrape_configs: []\n',
): Promise<PrometheusServer> {
  const port = await freePort();
  const config = join(workDir, 'prometheus.yml');
  writeFileSync(config, configYaml);
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
  const failed = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', code =>
      reject(new Error(`prometheus exited (${code}): ${log}`)),
    );
  });
  const base = `http://127.0.0.1:${port}`;
  const ready = (async () => {
    for (let i = 0; i < 300; i++) {
      try {
        if ((await httpGet(`${base}/-/ready`)).status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`prometheus not ready: ${log}`);
  })();
  try {
    await Promise.race([ready, failed]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  failed.catch(() => undefined);
  return {
    url: base,
    async query(expr, at) {
      const url = `${base}/api/v1/query?query=${encodeURIComponent(
        expr,
      )}&time=${at.getTime() / 1000}`;
      const { status, body } = await httpGet(url);
      if (status !== 200) throw new Error(`query failed ${status}: ${body}`);
      return JSON.parse(body).data.result;
    },
    async stop() {
      // Stopping twice (a test that stops it early, then cleanup) is fine.
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
