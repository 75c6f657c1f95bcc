import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  openSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

const REPO = resolve(__dirname, '..', '..');

/** What every replica shares: the database, the fleet, the state folder. */
export interface SharedSetup {
  postgresPort: number;
  /** The fleet's `kubernetes` config block. */
  kubernetes: object;
  /** AI_PLATFORM_DATA_DIR: the billing folder both replicas scan is in it. */
  dataDir: string;
  prometheusPort: number;
}

/** One backend process of the portal. */
export interface Replica {
  name: string;
  port: number;
  baseUrl: string;
  /** Everything it logged, across restarts. */
  logFile: string;
  process: ChildProcess;
}

/**
 * The overlay of one replica: its port, the shared PostgreSQL, the fleet and
 * the identity its guest sign-in gives. Two replicas differ only in port and
 * guest identity: the demo's guest provider signs in one fixed user, and the
 * test needs a requester and an approver, so each replica's guest is one of
 * them (a token from either is accepted by both, as the signing keys live in
 * the shared database). Production refuses guest sign-in; this is the demo
 * config's provider, for this test only.
 */
function overlay(
  shared: SharedSetup,
  port: number,
  guest: string,
  database?: object,
  production = false,
) {
  const url = production ? productionUrl(port) : `http://localhost:${port}`;
  return {
    app: { baseUrl: url },
    backend: {
      baseUrl: url,
      listen: { host: '127.0.0.1', port },
      cors: { origin: url },
      database: database ?? {
        client: 'pg',
        connection: {
          host: '127.0.0.1',
          port: shared.postgresPort,
          user: 'postgres',
        },
      },
      // Each run of these tasks is logged, to count them across replicas.
      logger: {
        overrides: [
          {
            matchers: { task: 'gpu-provisioning-lifecycle' },
            level: 'debug',
          },
        ],
      },
    },
    // Production signs users in through oauth2-proxy (the smoke test's
    // config); the demo's guest provider is refused there.
    ...(production
      ? {}
      : { auth: { providers: { guest: { userEntityRef: guest } } } }),
    kubernetes: shared.kubernetes,
    gpuMetrics: {
      prometheus: [
        {
          cluster: '*',
          // Production refuses a loopback Prometheus: a name that never
          // resolves, so nothing leaves the machine.
          url: production
            ? 'http://prometheus.invalid:9090'
            : `http://127.0.0.1:${shared.prometheusPort}`,
        },
      ],
    },
    gpuProvisioning: { lifecycle: { frequency: { seconds: 5 } } },
    // Folders are scanned when the test asks, not on a schedule mid-test.
    cost: { ingest: { frequency: { hours: 6 } } },
    // Runs are asked for by the test; the scheduled ones are far apart.
    compliance: {
      schedule: { full: { hours: 6 }, incremental: { hours: 6 } },
    },
  };
}

/**
 * The address a production replica says it has: production refuses
 * loopback addresses, so a name only its callers map to 127.0.0.1 (as the
 * production smoke test's `portal.test`); it listens on 127.0.0.1, where
 * the tests and benchmarks call it.
 */
function productionUrl(port: number): string {
  return `http://portal.test:${port}`;
}

/**
 * The environment app-config.production.yaml reads, as
 * e2e-tests/smoke/serve sets it: the shared PostgreSQL, the fleet's gpu-prod
 * cluster (the overlay's `kubernetes` then lists every cluster of the fleet),
 * and object storage and metrics at names that never resolve.
 */
function productionEnv(
  shared: SharedSetup,
  port: number,
): Record<string, string> {
  const clusters = (shared.kubernetes as any)?.clusterLocatorMethods?.[0]
    ?.clusters as Array<Record<string, string>> | undefined;
  const first = clusters?.[0] ?? {};
  return {
    NODE_ENV: 'production',
    PORTAL_BASE_URL: productionUrl(port),
    BACKEND_SECRET: randomBytes(24).toString('base64'),
    POSTGRES_HOST: '127.0.0.1',
    POSTGRES_PORT: String(shared.postgresPort),
    POSTGRES_USER: 'postgres',
    POSTGRES_PASSWORD: 'unused',
    K8S_CLUSTER_NAME: first.name ?? '',
    K8S_CLUSTER_URL: first.url ?? '',
    K8S_CLUSTER_TOKEN: first.serviceAccountToken ?? '',
    K8S_CLUSTER_CA_DATA: first.caData ?? '',
    PROMETHEUS_URL: 'http://prometheus.invalid:9090',
    TECHDOCS_BUCKET: 'techdocs',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: 'replica',
    AWS_SECRET_ACCESS_KEY: 'replica',
    APP_CONFIG_techdocs_publisher_awsS3_endpoint: 'http://s3.invalid',
    MODEL_CATALOG_DEFAULT_OWNER: 'group:default/ml-platform',
  };
}

/** The NODE_OPTIONS the deployment gives the backend (its heap flags). */
function deploymentNodeOptions(repo: string): string {
  const configMap = parseYaml(
    readFileSync(
      join(repo, 'packages/deploy/kubernetes/portal/configmap.yaml'),
      'utf8',
    ),
  );
  return configMap?.data?.NODE_OPTIONS ?? '';
}

/**
 * Starts a backend process of the production build (.build/production, see
 * scripts/lib/production.sh) as a deployment runs it: node on the built
 * backend, with no parent process, so SIGKILL hits the backend itself.
 */
export function startReplica(options: {
  name: string;
  port: number;
  guest: string;
  shared: SharedSetup;
  logFile: string;
  /** Replaces the shared PostgreSQL (the benchmarks run SQLite too). */
  database?: object;
  /** Config merged over the replica's overlay (the benchmarks' quotas). */
  extraConfig?: object;
  /** The checkout whose production build runs (a benchmark's older clone); default this one. */
  repoRoot?: string;
  /** Extra arguments for node, before the backend (a benchmark's `--cpu-prof`). */
  nodeArgs?: string[];
  /**
   * Source-mapped stack traces, default on for reading a failed test's log.
   * Benchmarks turn them off: the deployment's image runs without them, and
   * formatting a source-mapped trace for every refused request costs CPU.
   */
  sourceMaps?: boolean;
  /**
   * Runs as a deployment does: NODE_ENV=production, app-config.production.yaml
   * with the production smoke test's sign-in (oauth2-proxy) and organisation,
   * instead of the demo config. Needs PostgreSQL; sign in with
   * `signInThroughProxy`.
   */
  production?: boolean;
}): Replica {
  const { name, port, guest, shared, logFile, database, extraConfig } = options;
  const production = options.production === true;
  const repo = options.repoRoot ?? REPO;
  const configFile = join(shared.dataDir, `app-config.${name}.json`);
  writeFileSync(
    configFile,
    JSON.stringify(overlay(shared, port, guest, database, production)),
    { mode: 0o600 },
  );
  const extraFile = join(shared.dataDir, `app-config.${name}.extra.json`);
  if (extraConfig) {
    writeFileSync(extraFile, JSON.stringify(extraConfig), { mode: 0o600 });
  }
  appendFileSync(logFile, `\n==== ${name} starting ====\n`);
  const log = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      ...(options.sourceMaps === false ? [] : ['--enable-source-maps']),
      ...(options.nodeArgs ?? []),
      join(repo, '.build', 'production', 'packages', 'backend'),
      '--config',
      '../../app-config.yaml',
      ...(production
        ? [
            '--config',
            '../../app-config.production.yaml',
            '--config',
            '../../e2e-tests/smoke/app-config.smoke.yaml',
          ]
        : ['--config', '../../app-config.demo.yaml']),
      '--config',
      configFile,
      ...(extraConfig ? ['--config', extraFile] : []),
    ],
    {
      cwd: join(repo, 'packages', 'backend'),
      env: {
        ...process.env,
        AI_PLATFORM_DATA_DIR: shared.dataDir,
        FORCE_COLOR: '0',
        NODE_OPTIONS: deploymentNodeOptions(repo),
        ...(production ? productionEnv(shared, port) : {}),
      },
      // Straight into the log file, as a container runtime takes a pod's
      // output: through a pipe to this process, a busy test or benchmark
      // (the load generator) would hold up the backend's log writes.
      stdio: ['ignore', log, log],
    },
  );
  closeSync(log);
  return {
    name,
    port,
    baseUrl: `http://localhost:${port}`,
    logFile,
    process: child,
  };
}

/** Kills a replica as Kubernetes does at the end of a grace period, or as the OOM killer does. */
export async function killReplica(replica: Replica): Promise<void> {
  if (replica.process.exitCode !== null) return;
  const exited = new Promise(r => replica.process.once('exit', r));
  replica.process.kill('SIGKILL');
  await exited;
}

/**
 * Stops a replica politely (end of the test), killing it after `timeoutMs`.
 * A production-mode backend waits for open requests before it exits, and
 * the events bus keeps a long poll to itself open for up to 30 s, so a
 * clean exit (which a CPU profile needs) takes a longer timeout.
 */
export async function stopReplica(
  replica: Replica,
  timeoutMs = 20_000,
): Promise<void> {
  if (replica.process.exitCode !== null || replica.process.signalCode) return;
  const exited = new Promise(r => replica.process.once('exit', r));
  replica.process.kill('SIGTERM');
  const timer = setTimeout(() => {
    // Said in its log: a backend that cannot stop in time is worth a look.
    appendFileSync(
      replica.logFile,
      `\n==== ${replica.name} did not stop within ${timeoutMs} ms of SIGTERM; killed ====\n`,
    );
    replica.process.kill('SIGKILL');
  }, timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** Waits until the replica answers its readiness probe. */
export async function waitReady(replica: Replica, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (replica.process.exitCode !== null) {
      throw new Error(
        `${replica.name} exited with ${replica.process.exitCode}; see ${replica.logFile}`,
      );
    }
    try {
      const res = await fetch(
        `${replica.baseUrl}/.backstage/health/v1/readiness`,
      );
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${replica.name} not ready after ${timeoutMs} ms`);
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** The replica's log lines, without colours. */
export function logLines(logFile: string): string[] {
  // eslint-disable-next-line no-control-regex
  return readFileSync(logFile, 'utf8')
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n');
}
