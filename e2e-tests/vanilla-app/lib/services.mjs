// What the vanilla app runs against, on loopback ports of its own (never the
// portal's 7007/3000/16443/16444/19400/19090): the simulated GPU fleet, a
// Prometheus scraping it, and the app's backend serving its built frontend.
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { answers, startServer, waitFor } from './proc.mjs';

export const PORTS = {
  backend: 7407,
  fleet: 16943, // gpu-prod; gpu-dev is the next port
  fleetMetrics: 19900,
  prometheus: 19890,
};

export const BACKEND_URL = `http://127.0.0.1:${PORTS.backend}`;
export const PROMETHEUS_URL = `http://127.0.0.1:${PORTS.prometheus}`;

/** The simulated fleet, with `hours` of dcgm-exporter history written for Prometheus. */
export async function startFleet({
  repoRoot,
  stateDir,
  prometheusData,
  hours,
  logDir,
}) {
  mkdirSync(stateDir, { recursive: true });
  const endpoints = join(stateDir, 'endpoints.json');
  // Its presence means ready: one left by an earlier run must not count.
  rmSync(endpoints, { force: true });
  const server = startServer(
    'cluster-sim',
    join(repoRoot, 'packages/cluster-sim/bin/cluster-sim'),
    [
      'start',
      '--state-dir',
      stateDir,
      '--port',
      String(PORTS.fleet),
      '--metrics-port',
      String(PORTS.fleetMetrics),
      '--backfill-hours',
      String(hours),
      '--prometheus-data',
      prometheusData,
    ],
    { cwd: repoRoot, logFile: join(logDir, 'cluster-sim.log') },
  );
  await waitFor(
    'the simulated fleet',
    () =>
      existsSync(endpoints) && readFileSync(endpoints, 'utf8').trim() !== '',
    { timeoutMs: 180_000, server },
  );
  const { metricsTargetsUrl } = JSON.parse(readFileSync(endpoints, 'utf8'));
  return {
    server,
    appConfig: join(stateDir, 'app-config.yaml'),
    metricsTargetsUrl,
  };
}

/** Prometheus on 127.0.0.1, as scripts/lib/prometheus.sh runs it for the portal. */
export async function startPrometheus({ dataDir, targetsUrl, logDir }) {
  mkdirSync(dataDir, { recursive: true });
  const config = join(dataDir, '..', 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 30s',
      '  evaluation_interval: 30s',
      'scrape_configs:',
      '  - job_name: cluster-sim',
      '    http_sd_configs:',
      `      - url: ${targetsUrl}`,
      '        refresh_interval: 30s',
      '',
    ].join('\n'),
  );
  const server = startServer(
    'prometheus',
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${dataDir}`,
      '--storage.tsdb.retention.time=30d',
      `--web.listen-address=127.0.0.1:${PORTS.prometheus}`,
      '--log.level=warn',
    ],
    { cwd: dataDir, logFile: join(logDir, 'prometheus.log') },
  );
  await waitFor('Prometheus', () => answers(`${PROMETHEUS_URL}/-/ready`), {
    timeoutMs: 60_000,
    server,
  });
  return server;
}

/**
 * The app's backend with `backstage-cli package start`, as `yarn start` runs
 * it, from packages/backend (the examples' file locations are relative to
 * it). It serves the built frontend of `app.packageName`.
 */
export async function startBackend({ appDir, configs, env, logDir, name }) {
  const server = startServer(
    name,
    join(appDir, 'node_modules/.bin/backstage-cli'),
    ['package', 'start', ...configs.flatMap(c => ['--config', c])],
    {
      cwd: join(appDir, 'packages/backend'),
      env,
      logFile: join(logDir, `${name}.log`),
    },
  );
  await waitFor(
    `the backend on ${BACKEND_URL}`,
    async () => {
      const r = await fetch(`${BACKEND_URL}/.backstage/health/v1/readiness`, {
        signal: AbortSignal.timeout(5000),
      });
      return r.ok;
    },
    { timeoutMs: 300_000, server },
  );
  return server;
}
