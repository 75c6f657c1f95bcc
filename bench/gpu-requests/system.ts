/* eslint-disable no-console */
// The system under test for the GPU request benchmarks: the simulated fleet
// (the cluster-sim CLI in a child process of its own) and one backend process
// of the production build (e2e-tests/replicas), on SQLite or PostgreSQL.
import { GpuProvisioningApiClient } from '@ai-platform/plugin-gpu-provisioning-common';
import { CatalogClient } from '@backstage/catalog-client';
import { parseEntityRef } from '@backstage/catalog-model';
import { KubeConfig } from '@kubernetes/client-node';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import knexFactory, { Knex } from 'knex';
import { parse as parseYaml } from 'yaml';
import { signIn, signInThroughProxy } from '../../e2e-tests/replicas/api';
import { assertFree } from '../../e2e-tests/replicas/ports';
import {
  Replica,
  startReplica,
  stopReplica,
  waitReady,
} from '../../e2e-tests/replicas/replica';

/** The repository whose production build is measured (a clone of an older commit, for before figures). */
export const REPO_ROOT = resolve(
  process.env.BENCH_REPO_ROOT ?? join(__dirname, '..', '..'),
);

/** Ports of these benchmarks (19600–19699). */
export const BENCH_PORTS = {
  backend: 19600,
  /** gpu-prod; gpu-dev takes the next. */
  cluster: 19610,
  metrics: 19620,
  /** Nothing listens here: GPU usage is not measured. */
  prometheus: 19690,
} as const;

export const GUEST = 'user:default/guest';
const PLUGIN_ID = 'gpu-provisioning';
/** ./scripts/bench's throwaway server, or the one the tests use. */
const POSTGRES_URL = new URL(
  process.env.TEST_POSTGRES_URL ??
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
    'postgresql://postgres@127.0.0.1:55432',
);
const POSTGRES = {
  host: POSTGRES_URL.hostname,
  port: Number(POSTGRES_URL.port || 5432),
  user: decodeURIComponent(POSTGRES_URL.username || 'postgres'),
  ...(POSTGRES_URL.password
    ? { password: decodeURIComponent(POSTGRES_URL.password) }
    : {}),
};

/**
 * Where the backend keeps its data and how it runs: on the embedded
 * default's config (demo organisation, guest sign-in; SQLite or
 * PostgreSQL), or `postgresql-production`, as a deployment runs it
 * (NODE_ENV=production, so Backstage writes its log lines as JSON;
 * app-config.production.yaml with the production smoke test's oauth2-proxy
 * sign-in and organisation; PostgreSQL, which production requires).
 */
export type Engine = 'sqlite' | 'postgresql' | 'postgresql-production';

/** One running fleet and backend, and direct access to the plugin's database. */
export interface System {
  engine: Engine;
  backend: Replica;
  token: string;
  /** The backend's GPU provisioning API, typed from its OpenAPI document. */
  gpuRequests: GpuProvisioningApiClient;
  /** client-node config with one context per simulated cluster. */
  kubeConfig: KubeConfig;
  /** The plugin's own database (its SQLite file, or its schema on PostgreSQL). */
  db: Knex;
  /** Qualified table name in `db`. */
  table(name: string): string;
  sqliteFile?: string;
  stop(): Promise<void>;
}

/** Builds the production build when its sources changed, as ./scripts/start does. */
export function ensureProductionBuild(): void {
  execFileSync(
    'bash',
    [
      '-c',
      'source scripts/lib/env.sh && source scripts/lib/production.sh && ensure_production_build',
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', process.stderr, process.stderr] },
  );
}

/** The fleet's CLI, as ./scripts/start runs it; ready once endpoints.json has content. */
async function startFleet(stateDir: string) {
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'packages', 'cluster-sim', 'bin', 'cluster-sim'),
      'start',
      '--state-dir',
      stateDir,
      '--port',
      String(BENCH_PORTS.cluster),
      '--metrics-port',
      String(BENCH_PORTS.metrics),
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', chunk => (stderr += chunk));
  const endpoints = join(stateDir, 'endpoints.json');
  const deadline = Date.now() + 120_000;
  while (!existsSync(endpoints) || readFileSync(endpoints, 'utf8') === '') {
    if (child.exitCode !== null) {
      throw new Error(`cluster-sim exited with ${child.exitCode}: ${stderr}`);
    }
    if (Date.now() > deadline) throw new Error('cluster-sim did not start');
    await new Promise(r => setTimeout(r, 250));
  }
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode) return;
    const exited = new Promise(r => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return { child, stop };
}

/** Starts a fresh fleet and a fresh backend on `engine` with `gpuProvisioning` config. */
export async function startSystem(
  engine: Engine,
  gpuProvisioning: object,
): Promise<System> {
  for (const port of [
    BENCH_PORTS.backend,
    BENCH_PORTS.cluster,
    BENCH_PORTS.cluster + 1,
    BENCH_PORTS.metrics,
  ]) {
    await assertFree(port);
  }
  const dataDir = mkdtempSync(join(tmpdir(), `gpu-requests-${engine}-`));
  const cleanups: Array<() => Promise<void> | void> = [
    () => rmSync(dataDir, { recursive: true, force: true }),
  ];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error(`cleanup failed: ${error}`);
      }
    }
  };
  try {
    const fleet = await startFleet(join(dataDir, 'cluster-sim'));
    cleanups.push(fleet.stop);
    const fleetConfig = parseYaml(
      readFileSync(join(dataDir, 'cluster-sim', 'app-config.yaml'), 'utf8'),
    );
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(join(dataDir, 'cluster-sim', 'kubeconfig'));

    let database: object;
    let db: Knex;
    let sqliteFile: string | undefined;
    let table: (name: string) => string;
    if (engine === 'sqlite') {
      // A file, not :memory:, so its journal mode can be read afterwards.
      const directory = join(dataDir, 'sqlite');
      database = { client: 'better-sqlite3', connection: { directory } };
      sqliteFile = join(directory, `${PLUGIN_ID}.sqlite`);
      db = knexFactory({
        client: 'better-sqlite3',
        connection: { filename: sqliteFile },
        useNullAsDefault: true,
      });
      table = name => name;
    } else {
      const name = `gpu_requests_bench_${process.pid}_${Date.now()}`;
      const admin = knexFactory({ client: 'pg', connection: POSTGRES });
      await admin.raw('create database ??', [name]);
      cleanups.push(async () => {
        await admin.raw('drop database if exists ?? with (force)', [name]);
        await admin.destroy();
      });
      // One database for the whole backend, a schema per plugin.
      database = {
        client: 'pg',
        pluginDivisionMode: 'schema',
        connection: { ...POSTGRES, database: name },
      };
      db = knexFactory({
        client: 'pg',
        connection: { ...POSTGRES, database: name },
        pool: { min: 0, max: 4 },
      });
      table = t => `${PLUGIN_ID}.${t}`;
    }

    const backend = startReplica({
      name: `bench-${engine}`,
      port: BENCH_PORTS.backend,
      guest: GUEST,
      logFile: join(dataDir, 'backend.log'),
      database,
      shared: {
        postgresPort: POSTGRES.port,
        kubernetes: fleetConfig.kubernetes,
        dataDir,
        prometheusPort: BENCH_PORTS.prometheus,
      },
      extraConfig: { gpuProvisioning },
      production: engine === 'postgresql-production',
      repoRoot: REPO_ROOT,
      nodeArgs: backendNodeArgs(engine),
      // As the deployment's image runs it.
      sourceMaps: false,
    });
    cleanups.push(async () => {
      // A CPU profile is written only on a clean exit.
      await stopReplica(backend, process.env.BENCH_CPU_PROF ? 60_000 : 20_000);
      if (process.env.BENCH_KEEP_LOG) {
        console.error(`backend log: ${backend.logFile} (kept)`);
      }
    });
    if (process.env.BENCH_KEEP_LOG) cleanups.shift();
    cleanups.push(() => db.destroy());
    await waitReady(backend, 300_000);
    const token =
      engine === 'postgresql-production'
        ? await proxySignIn(backend)
        : await signIn(backend);
    await waitForCatalog(new CatalogClient(clientsOptions(backend)), token);
    return {
      engine,
      backend,
      token,
      gpuRequests: new GpuProvisioningApiClient(clientsOptions(backend)),
      kubeConfig,
      db,
      table,
      sqliteFile,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Node arguments of the backend: BENCH_BACKEND_NODE_ARGS (space-separated,
 * e.g. V8 heap flags to try), and with BENCH_CPU_PROF=<folder> a V8 CPU
 * profile written there when the backend exits (it is stopped politely at
 * the end of the run), to see where a loaded backend's time goes.
 */
function backendNodeArgs(engine: Engine): string[] {
  const args = (process.env.BENCH_BACKEND_NODE_ARGS ?? '')
    .split(' ')
    .filter(Boolean);
  const folder = process.env.BENCH_CPU_PROF;
  if (!folder) return args;
  return [
    ...args,
    '--cpu-prof',
    `--cpu-prof-dir=${resolve(folder)}`,
    `--cpu-prof-name=backend-${engine}-${Date.now()}.cpuprofile`,
  ];
}

/** How long an answer may take before it counts as none. */
const ANSWER_TIMEOUT_MS = 60_000;

/** Discovery and fetch for the backend's typed clients: its own base URL, answers bounded in time. */
function clientsOptions(backend: Replica) {
  return {
    discoveryApi: {
      getBaseUrl: async (pluginId: string) =>
        `${backend.baseUrl}/api/${pluginId}`,
    },
    fetchApi: {
      fetch: ((input, init) =>
        fetch(input, {
          ...init,
          signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
        })) as typeof fetch,
    },
  };
}

/**
 * The guest's token from a production backend, signed in as oauth2-proxy
 * signs users in. The sign-in resolves the User entity in the catalog, which
 * has it only some seconds after readiness: until then it fails.
 */
async function proxySignIn(backend: Replica): Promise<string> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      return await signInThroughProxy(backend, parseEntityRef(GUEST).name);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(r => setTimeout(r, 1000));
    }
  }
}

/**
 * Readiness comes before the demo organisation is in the catalog: until the
 * guest's teams are, every request is a 403. Then waits until the catalog's
 * entity count holds still, so start-up ingestion is not measured.
 */
async function waitForCatalog(catalog: CatalogClient, token: string) {
  const deadline = Date.now() + 300_000;
  let stableSince = Date.now();
  let lastCount = -1;
  for (;;) {
    if (Date.now() > deadline) {
      throw new Error('the demo organisation did not settle in the catalog');
    }
    await new Promise(r => setTimeout(r, 1000));
    const guest = await catalog
      .getEntityByRef('user:default/guest', { token })
      .catch(() => undefined);
    const teams = (guest?.relations ?? [])
      .filter((r: { type: string }) => r.type === 'memberOf')
      .map((r: { targetRef: string }) => r.targetRef);
    if (!teams.includes('group:default/ml-platform')) continue;
    if (!teams.includes('group:default/conversational-ai')) continue;
    const count = await catalog
      .queryEntities({ limit: 1 }, { token })
      .then(page => page.totalItems)
      .catch(() => -1);
    if (count !== lastCount) {
      lastCount = count;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= 5000) {
      console.error(`catalog settled at ${count} entities`);
      return;
    }
  }
}

/** The journal mode the backend's SQLite file is in (read after the run). */
export async function sqliteJournalMode(file: string): Promise<string> {
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
  });
  try {
    const rows = await db.raw('PRAGMA journal_mode');
    return rows[0].journal_mode;
  } finally {
    await db.destroy();
  }
}
