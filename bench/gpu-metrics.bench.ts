/* eslint-disable no-console */
// GPU usage over DCGM history in a real Prometheus, against the raw PromQL a
// user would write for the same figures.
//
// Two processes. The fixture process (this file with
// BENCH_GPU_METRICS_ROLE=fixture) runs the simulated cluster (port 19510)
// and Prometheus (port 19511): it backfills the dcgm-exporter history of a
// fleet of H100s (default 1,024 GPUs, 7 days at 60 s) with promtool,
// backfills the plugin's hourly roll-up rules over it with promtool, and
// serves both. The main process is the system under test: the plugin's
// services, reading the cluster and Prometheus over HTTP as in production
// (response cache off, so every request does its work).
//
// Printed, all measured in this run:
// - backfill: samples, series and seconds of the history and of the roll-ups;
// - latency: for the entity, a 10-entity group and the fleet, over 7 and 30
//   days, p50/p95 of the API at CONCURRENCY concurrent readers (SAMPLES
//   requests after a warm-up), and of fixed reference PromQL for the same
//   figures sent straight to Prometheus the same way; a reference sample is
//   its whole set of queries sent at once, as a dashboard would. The readers
//   take the sides in turn (reference, API, and the code before a change when
//   given), so all meet the same load;
// - calls: the Kubernetes and Prometheus requests one answer costs, for
//   groups of 1, 10 and 100 entities, the entity and the fleet;
// - rollUpEquality: each 30-day figure from the roll-ups against the same
//   figure from every raw sample (the roll-ups off), as the largest
//   relative difference per field.
//
// The 30-day window runs over the history there is (7 days by default):
// the raw side then reads 7 days of samples, not 30, which flatters it;
// BENCH_GPU_METRICS_DAYS=30 backfills 30 days (about 4x the backfill time).
//
// Environment: BENCH_GPU_METRICS_GPUS (1024), BENCH_GPU_METRICS_DAYS (7),
// BENCH_GPU_METRICS_CONCURRENCY (20), BENCH_GPU_METRICS_SAMPLES (120),
// BENCH_GPU_METRICS_FLEET_SAMPLES (SAMPLES), BENCH_GPU_METRICS_BEFORE (a
// copy of the plugin's src before a change, measured alongside; unset: not).
import {
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ChildProcess, fork, spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import {
  backfillHistory,
  ClusterTopology,
  FleetTopology,
  loadTopology,
  SeedWorkload,
  startClusterSim,
} from '@ai-platform/cluster-sim';
import { UsageAggregate } from '@ai-platform/plugin-gpu-metrics-common';
import {
  DEFAULT_METRIC_NAMES,
  readGpuMetricsConfig,
} from '../plugins/gpu-metrics-backend/src/config/GpuMetricsConfig';
import {
  GpuQueries,
  ROLL_UPS,
} from '../plugins/gpu-metrics-backend/src/prometheus/GpuQueries';
import {
  KubernetesPods,
  PodLister,
} from '../plugins/gpu-metrics-backend/src/kubernetes/KubernetesPods';
import { createGpuMetricsServices } from '../plugins/gpu-metrics-backend/src/service/createGpuMetricsServices';
import { CatalogOrganisation } from '../plugins/gpu-metrics-backend/src/catalog/CatalogOrganisation';

const env = process.env;
const GPUS = Number(env.BENCH_GPU_METRICS_GPUS ?? 1024);
const DAYS = Number(env.BENCH_GPU_METRICS_DAYS ?? 7);
const CONCURRENCY = Number(env.BENCH_GPU_METRICS_CONCURRENCY ?? 20);
const SAMPLES = Number(env.BENCH_GPU_METRICS_SAMPLES ?? 120);
/** Fleet answers read every GPU: fewer samples keep the run bounded. */
const FLEET_SAMPLES = Number(env.BENCH_GPU_METRICS_FLEET_SAMPLES ?? SAMPLES);
const INTERVAL_S = 60;
const SIM_PORT = 19510;
const PROM_PORT = 19511;
const TEAMS = 8;
const GPUS_PER_JOB = 4;
/** Components with workloads: enough for a 100-entity group and more. */
const MIN_JOBS = 111;
/**
 * The counters the plugin and the references read; the other 20 the
 * exporter serves would only slow the backfill (queries select by name).
 */
const COUNTERS = [
  'DCGM_FI_DEV_GPU_UTIL',
  'DCGM_FI_DEV_FB_USED',
  'DCGM_FI_DEV_FB_FREE',
  'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
  'DCGM_FI_DEV_POWER_USAGE',
  'DCGM_FI_DEV_XID_ERRORS',
];
const RULES = join(
  __dirname,
  '..',
  'plugins',
  'gpu-metrics-backend',
  'prometheus',
  'gpu-metrics.rules.yml',
);

/**
 * The end of the history: a whole hour that is also a whole 30-day step
 * (2,610 s), 104,400 s being their least common multiple, so the 30-day
 * window's raw figures and its roll-ups cover the very same samples.
 */
const END_S = Math.floor(Date.now() / 1000 / 104_400) * 104_400;
const START_S = END_S - DAYS * 86400;

const silentLogger: LoggerService = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
  child: () => silentLogger,
};

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

function stats(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    p50: Math.round(percentile(sorted, 50)),
    p95: Math.round(percentile(sorted, 95)),
    samples: ms.length,
  };
}

function jobName(i: number) {
  return `bench-job-${i}`;
}

/**
 * One cluster of `gpus` H100s (8 per node) with the demo's production
 * workloads plus 4-GPU bench jobs on about half of the rest (at least
 * {@link MIN_JOBS}), spread over {@link TEAMS} namespaces and every load
 * profile; job `i` is component `bench-service-<i>`.
 */
function benchTopology(demo: FleetTopology, gpus: number): FleetTopology {
  const prod = demo.clusters.find(c => c.name === 'gpu-prod')!;
  const nodes = Math.max(2, Math.ceil(gpus / 8));
  const profiles: SeedWorkload['profile'][] = [
    'training',
    'inference',
    'idle',
    'notebook',
  ];
  const demoWorkloads = prod.workloads.filter(w => !w.migProfile);
  const demoGpus = demoWorkloads.reduce(
    (n, w) => n + w.replicas * w.gpusPerReplica,
    0,
  );
  const jobs = Math.max(
    MIN_JOBS,
    Math.floor((nodes * 8 * 0.5 - demoGpus) / GPUS_PER_JOB),
  );
  const workloads: SeedWorkload[] = [
    ...demoWorkloads,
    ...Array.from({ length: jobs }, (_, i) => ({
      name: jobName(i),
      namespace: `bench-team-${i % TEAMS}`,
      component: `bench-service-${i}`,
      team: `bench-team-${i % TEAMS}`,
      profile: profiles[i % profiles.length],
      kind: 'Job' as const,
      replicas: 1,
      gpusPerReplica: GPUS_PER_JOB,
    })),
  ];
  const cluster: ClusterTopology = {
    ...prod,
    nodePools: [{ ...prod.nodePools[0], count: nodes, mig: undefined }],
    workloads,
    objects: [],
  };
  return { ...demo, clusters: [cluster] };
}

/** Waits until the Job controller stops adding pods. */
async function settle(held: () => number): Promise<void> {
  for (let last = -1, stable = 0; stable < 3; ) {
    await new Promise(r => setTimeout(r, 200));
    const now = held();
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.on('data', c => (log = (log + c).slice(-8192)));
    child.once('error', reject);
    child.once('exit', code =>
      code === 0 ? resolve() : reject(new Error(`${command} failed: ${log}`)),
    );
  });
}

/** Prometheus over `tsdbDir` on {@link PROM_PORT}, ready. */
async function prometheus(tsdbDir: string, workDir: string) {
  const config = join(workDir, 'prometheus.yml');
  writeFileSync(config, 'global:\n  scrape_interval: 1h\nscrape_configs: []\n');
  const child = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${tsdbDir}`,
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${PROM_PORT}`,
      '--log.level=error',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const url = `http://127.0.0.1:${PROM_PORT}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error('prometheus exited');
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 600) throw new Error('prometheus not ready');
    await new Promise(r => setTimeout(r, 100));
  }
  return {
    url,
    stop: () =>
      new Promise<void>(resolve => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface FixtureReady {
  cluster: { name: string; url: string; token: string; caPem?: string };
  prometheusUrl: string;
  jobs: Array<{ name: string; namespace: string; component: string }>;
  demoComponents: Array<{ component: string; team: string }>;
  history: {
    gpus: number;
    days: number;
    intervalSeconds: number;
    counters: number;
    samples: number;
    series: number;
    seconds: number;
  };
  rollUps: { rules: number; seconds: number };
}

/** The fixture process: cluster, history, roll-ups, Prometheus. */
async function fixture() {
  const topology = benchTopology(loadTopology(), GPUS);
  const sim = await startClusterSim({
    topology,
    metrics: false,
    portFor: () => SIM_PORT,
  });
  const cluster = sim.clusters[0];
  const devices = () =>
    cluster.gpus
      .nodeGpus()
      .flatMap(n => n.devices)
      .filter(d => d.holder).length;
  await settle(devices);
  console.error(`cluster: ${devices()} GPUs held; backfilling`);
  // The TSDB, Prometheus' folder and the roll-up blocks, removed at stop.
  const work = mkdtempSync(join(tmpdir(), 'gpu-metrics-bench-'));
  const history = await backfillHistory({
    tsdbDir: join(work, 'tsdb'),
    nodes: cluster.gpus.nodeGpus(),
    seed: topology.seed,
    start: new Date(START_S * 1000),
    end: new Date(END_S * 1000),
    intervalSeconds: INTERVAL_S,
    targetLabels: () => ({ cluster: 'gpu-prod' }),
    counters: COUNTERS,
  });
  console.error(
    `history: ${history.samples} samples in ${history.seconds.toFixed(0)} s`,
  );
  let prom = await prometheus(history.tsdbDir, work);

  // The roll-up rules evaluated hourly over the history, as a Prometheus
  // running them all along would have recorded them.
  const rulesFile = join(work, 'rollups.yml');
  const groups = parse(readFileSync(RULES, 'utf8')).groups.filter(
    (g: { name: string }) => g.name === 'gpu-metrics.rollups',
  );
  writeFileSync(rulesFile, stringify({ groups }));
  const blocks = join(work, 'rollup-blocks');
  mkdirSync(blocks);
  const started = performance.now();
  await run('promtool', [
    'tsdb',
    'create-blocks-from',
    'rules',
    `--start=${START_S}`,
    `--end=${END_S}`,
    `--url=${prom.url}`,
    `--output-dir=${blocks}`,
    rulesFile,
  ]);
  const rollUpSeconds = (performance.now() - started) / 1000;
  console.error(`roll-ups: ${rollUpSeconds.toFixed(0)} s`);
  await prom.stop();
  for (const block of readdirSync(blocks)) {
    renameSync(join(blocks, block), join(history.tsdbDir, block));
  }
  prom = await prometheus(history.tsdbDir, work);

  const stop = async () => {
    await prom.stop();
    await sim.stop();
    rmSync(work, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('message', m => m === 'stop' && stop());
  process.on('disconnect', stop);
  const workloads = topology.clusters[0].workloads;
  const ready: FixtureReady = {
    cluster: {
      name: cluster.name,
      url: cluster.url,
      token: cluster.token,
      caPem: cluster.caPem,
    },
    prometheusUrl: prom.url,
    jobs: workloads
      .filter(w => w.name.startsWith('bench-job-'))
      .map(w => ({
        name: w.name,
        namespace: w.namespace,
        component: w.component,
      })),
    demoComponents: workloads
      .filter(w => !w.name.startsWith('bench-job-'))
      .map(w => ({ component: w.component, team: w.team })),
    history: {
      gpus: GPUS,
      days: DAYS,
      intervalSeconds: INTERVAL_S,
      counters: COUNTERS.length,
      samples: history.samples,
      series: history.series,
      seconds: Math.round(history.seconds),
    },
    rollUps: {
      rules: groups[0].rules.length,
      seconds: Math.round(rollUpSeconds),
    },
  };
  process.send!(ready);
}

/** An in-memory catalog answering the filters the service uses. */
function memoryCatalog(entities: Entity[]): CatalogService {
  const matches = (e: Entity, key: string, values: string[]): boolean => {
    if (key === 'kind') return values.includes(e.kind);
    if (key === 'relations.ownedBy') {
      return (e.relations ?? []).some(
        r => r.type === 'ownedBy' && values.includes(r.targetRef),
      );
    }
    const annotation = key.replace(/^metadata\.annotations\./, '');
    return values.includes(e.metadata.annotations?.[annotation] ?? '\u0000');
  };
  const catalog = {
    async getEntityByRef(ref: string) {
      return entities.find(e => stringifyEntityRef(e) === ref);
    },
    async getEntities(request: { filter?: Record<string, string | string[]> }) {
      const filter = request.filter ?? {};
      return {
        items: entities.filter(e =>
          Object.entries(filter).every(([k, v]) =>
            matches(e, k, Array.isArray(v) ? v : [v]),
          ),
        ),
      };
    },
  };
  return catalog as unknown as CatalogService;
}

/**
 * Groups `bench-size-1`, `-10` and `-100` owning that many bench services
 * (jobs 0, 1–10 and 11–110), `bench-rest` the other services, all under
 * `bench-org`.
 */
function benchEntities(ready: FixtureReady): Entity[] {
  const group = (name: string, parent?: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [], ...(parent ? { parent } : {}) },
    relations: parent
      ? [{ type: 'childOf', targetRef: `group:default/${parent}` }]
      : [],
  });
  const component = (name: string, owner: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': name },
    },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  });
  const ownerOf = (i: number) => {
    if (i === 0) return 'bench-size-1';
    if (i <= 10) return 'bench-size-10';
    if (i <= 110) return 'bench-size-100';
    return 'bench-rest';
  };
  const demoTeams = [...new Set(ready.demoComponents.map(c => c.team))];
  return [
    group('bench-org'),
    ...['bench-size-1', 'bench-size-10', 'bench-size-100', 'bench-rest'].map(
      g => group(g, 'bench-org'),
    ),
    ...demoTeams.map(t => group(t, 'bench-org')),
    ...ready.jobs.map((j, i) => component(j.component, ownerOf(i))),
    ...[...new Map(ready.demoComponents.map(c => [c.component, c]))].map(
      ([, c]) => component(c.component, c.team),
    ),
  ];
}

type Reference = Array<{ api: 'query' | 'query_range'; query: string }>;

/**
 * What a user would write in PromQL for the figures of a usage card, over
 * the pods `selector` picks: GPUs held, utilisation, memory, SM activity,
 * power, XID errors, idle hours (per pod for a group), and the series.
 */
function usageReference(selector: string, seconds: number, step: number) {
  const w = `[${seconds}s]`;
  const sel = (metric: string) => `${metric}{${selector}}`;
  const util = sel('DCGM_FI_DEV_GPU_UTIL');
  const used = sel('DCGM_FI_DEV_FB_USED');
  const gpu = 'Hostname, gpu, UUID';
  const reference: Reference = [
    `count(count by (namespace, pod, ${gpu}) (count_over_time(${used}${w})))`,
    `avg by (namespace, pod) (avg_over_time(${util}${w}))`,
    `max(max_over_time(${util}${w}))`,
    `avg(avg_over_time(${used}${w}))`,
    `max(max_over_time(${used}${w}))`,
    `sum(max by (${gpu}) (last_over_time(${used}${w}) + last_over_time(${sel(
      'DCGM_FI_DEV_FB_FREE',
    )}${w})))`,
    `avg(avg_over_time(${sel('DCGM_FI_PROF_GR_ENGINE_ACTIVE')}${w}))`,
    `avg(avg_over_time(${sel('DCGM_FI_DEV_POWER_USAGE')}${w}))`,
    `sum(max by (${gpu}) (max_over_time(${sel(
      'DCGM_FI_DEV_XID_ERRORS',
    )}${w})) > bool 0)`,
    `sum by (namespace, pod) (count_over_time((${util} < 5)${w.slice(
      0,
      -1,
    )}:${step}s])) * ${step} / 3600`,
  ].map(query => ({ api: 'query' as const, query }));
  reference.push(
    { api: 'query_range', query: `avg(${util})` },
    { api: 'query_range', query: `sum(${used})` },
  );
  return reference;
}

/** The fleet card: each GPU's mean, and the GPUs held idle for an hour. */
function fleetReference(seconds: number, step: number): Reference {
  const util = 'DCGM_FI_DEV_GPU_UTIL{cluster="gpu-prod"}';
  const held = 'DCGM_FI_DEV_GPU_UTIL{cluster="gpu-prod", pod!=""}';
  return [
    `avg by (Hostname, gpu, UUID, modelName) (avg_over_time(${util}[${seconds}s]))`,
    `count_over_time((${held} < 5)[${seconds}s:${step}s]) * ${step} / 3600 >= 1 unless max_over_time(${held}[${seconds}s]) >= 5`,
  ].map(query => ({ api: 'query' as const, query }));
}

async function sendReference(
  url: string,
  reference: Reference,
  range: { start: number; end: number; step: number },
) {
  await Promise.all(
    reference.map(async ({ api, query }) => {
      const params: Record<string, string> =
        api === 'query'
          ? { query, time: String(range.end) }
          : {
              query,
              start: String(range.start),
              end: String(range.end),
              step: String(range.step),
            };
      const res = await fetch(`${url}/api/v1/${api}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params).toString(),
      });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`reference PromQL failed: ${res.status}`);
    }),
  );
}

/**
 * Latencies of each side from CONCURRENCY closed-loop readers, after a
 * warm-up, `samples` of each: the readers take the sides in turn, so every
 * side meets the same load (the other sides' and the machine's) at the same
 * moments, and the ratios between them hold on a shared machine.
 */
async function interleaved(
  sides: Record<string, () => Promise<unknown>>,
  samples: number,
): Promise<Record<string, number[]>> {
  const names = Object.keys(sides);
  // Warm-up: Prometheus' page cache and the client's sockets.
  for (const name of names) await Promise.all([sides[name](), sides[name]()]);
  const ms: Record<string, number[]> = Object.fromEntries(
    names.map(n => [n, []]),
  );
  let issued = 0;
  const total = samples * names.length;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (issued < total) {
        const name = names[issued++ % names.length];
        const t = performance.now();
        await sides[name]();
        ms[name].push(performance.now() - t);
      }
    }),
  );
  return ms;
}

/** The largest relative difference of each figure of two usage answers. */
function differences(a: UsageAggregate, b: UsageAggregate) {
  const fields: Record<string, (u: UsageAggregate) => number | null> = {
    gpusHeld: u => u.gpusHeld,
    utilisationMean: u => u.utilisation.mean,
    utilisationMax: u => u.utilisation.max,
    memoryMean: u => u.memoryUsedMiB.mean,
    memoryMax: u => u.memoryUsedMiB.max,
    memoryTotal: u => u.memoryTotalMiB,
    smActiveMean: u => u.smActive?.mean ?? null,
    powerMean: u => u.powerWatts.mean,
    xidErrors: u => u.xidErrors,
    idleGpuHours: u => u.idleGpuHours,
  };
  const out: Record<
    string,
    { rollUp: number | null; raw: number | null; relative: number }
  > = {};
  for (const [name, get] of Object.entries(fields)) {
    const x = get(a);
    const y = get(b);
    const relative =
      x === y
        ? 0
        : x === null || y === null
        ? Infinity
        : Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
    out[name] = {
      rollUp: x === null ? null : Number(x.toPrecision(8)),
      raw: y === null ? null : Number(y.toPrecision(8)),
      relative: Number(relative.toPrecision(3)),
    };
  }
  return out;
}

type Services = ReturnType<typeof createGpuMetricsServices>;

/**
 * The services of the plugin as it was before this change, from a copy of
 * its `src` named by BENCH_GPU_METRICS_BEFORE (absent: not measured), with
 * their own pod lister, its calls counted.
 */
function beforeServices(
  config: ConfigReader,
  calls: { kubernetes: number },
  options: {
    catalog: CatalogService;
    credentials: BackstageCredentials;
    allow: (requests: unknown[]) => Promise<unknown>;
  },
): Services | undefined {
  const dir = env.BENCH_GPU_METRICS_BEFORE;
  if (!dir) return undefined;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const old = require(join(dir, 'service', 'createGpuMetricsServices'));
  const oldConfig = require(join(dir, 'config', 'GpuMetricsConfig'));
  const oldPods = require(join(
    dir,
    'kubernetes',
    'KubernetesPods',
  )).KubernetesPods.fromConfig(config);
  const oldOrganisation = require(join(dir, 'catalog', 'CatalogOrganisation'));
  /* eslint-enable @typescript-eslint/no-require-imports */
  const counted = {
    clusters: () => oldPods.clusters(),
    listPods: (...args: unknown[]) => {
      calls.kubernetes++;
      return oldPods.listPods(...args);
    },
    podLabels: (...args: unknown[]) => {
      calls.kubernetes++;
      return oldPods.podLabels(...args);
    },
  };
  const { catalog, credentials, allow } = options;
  return old.createGpuMetricsServices({
    config: oldConfig.readGpuMetricsConfig(config),
    pods: counted,
    catalog,
    organisation: oldOrganisation.CatalogOrganisation.create({
      catalog,
      auth: { getOwnServiceCredentials: async () => credentials },
    }),
    permissions: { authorize: allow, authorizeConditional: allow },
    logger: silentLogger,
    now: () => END_S * 1000,
  });
}

function askBefore(
  services: Services,
  figure: string,
  window: '7d' | '30d',
): Promise<unknown> {
  const credentials = {} as BackstageCredentials;
  if (figure === 'entity') {
    return services.entityUsage.entityUsage(
      'component:default/bench-service-0',
      window,
      credentials,
    );
  }
  if (figure === 'group') {
    return services.groupUsage.groupUsage(
      'group:default/bench-size-10',
      window,
      credentials,
    );
  }
  return services.fleet.fleet(window, credentials);
}

async function instant(url: string, query: string, time: number) {
  const res = await fetch(`${url}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query, time: String(time) }).toString(),
  });
  if (!res.ok) throw new Error(`query failed: ${await res.text()}`);
  return (await res.json()).data.result as Array<{
    metric: Record<string, string>;
    value: [number, string];
  }>;
}

/**
 * The plugin's own 30-day aggregates of a group's pods, from the roll-ups
 * and from every raw sample, both at the last roll-up: there the roll-ups'
 * hours tile the window exactly, so every aggregate must be equal (idle
 * hours aside: raw samples them every 2,610 s step, the roll-ups every
 * minute). The largest relative difference per aggregate, over all rows.
 */
async function aggregatesAtLastRollUp(
  url: string,
  usage: { workloads: Array<{ namespace: string; pod: string }> },
) {
  const [last] = await instant(
    url,
    // The newest roll-up's own timestamp (a subquery finds it within the hour).
    `max(max_over_time(timestamp(${ROLL_UPS.utilSum})[1h:1m]))`,
    END_S,
  );
  const at = Number(last.value[1]);
  const pods = new Map<string, string[]>();
  for (const w of usage.workloads) {
    pods.set(w.namespace, [...(pods.get(w.namespace) ?? []), w.pod]);
  }
  const queries = GpuQueries.forCluster({
    metrics: DEFAULT_METRIC_NAMES,
    clusterLabel: 'cluster',
    cluster: 'gpu-prod',
  });
  const range = { seconds: 30 * 86400, step: 2610 };
  const rolled = queries.podRollUps(pods, range);
  const raw = queries.podAggregates(pods, range, 5);
  const out: Record<string, { rows: number; maxRelative: number }> = {};
  for (const name of Object.keys(rolled)) {
    if (name === 'idleSteps') continue;
    const [a, b] = await Promise.all([
      instant(url, rolled[name], at),
      instant(url, raw[name], at),
    ]);
    const key = (m: Record<string, string>) => JSON.stringify(m);
    const rawByKey = new Map(b.map(s => [key(s.metric), Number(s.value[1])]));
    let maxRelative = a.length === b.length ? 0 : Infinity;
    for (const s of a) {
      const x = Number(s.value[1]);
      const y = rawByKey.get(key(s.metric));
      const d =
        y === undefined
          ? Infinity
          : x === y
          ? 0
          : Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
      maxRelative = Math.max(maxRelative, d);
    }
    out[name] = {
      rows: a.length,
      maxRelative: Number(maxRelative.toPrecision(3)),
    };
  }
  return { at, behindEndSeconds: Math.round(END_S - at), aggregates: out };
}

async function main() {
  const child: ChildProcess = fork(__filename, [], {
    env: { ...env, BENCH_GPU_METRICS_ROLE: 'fixture' },
    // The fixture's stdout is progress, not figures.
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  const benchStarted = performance.now();
  const ready = await new Promise<FixtureReady>((resolve, reject) => {
    child.on('message', m => {
      if ((m as Partial<FixtureReady>)?.cluster) resolve(m as FixtureReady);
    });
    child.once('exit', code => reject(new Error(`fixture exited ${code}`)));
  });
  const fixtureSeconds = (performance.now() - benchStarted) / 1000;
  try {
    const figures = await measure(ready);
    console.log(
      JSON.stringify({
        benchmark: 'gpu-metrics',
        history: ready.history,
        rollUpBackfill: ready.rollUps,
        fixtureSeconds: Math.round(fixtureSeconds),
        concurrency: CONCURRENCY,
        fleetSamples: FLEET_SAMPLES,
        ...figures,
        benchSeconds: Math.round((performance.now() - benchStarted) / 1000),
      }),
    );
  } finally {
    child.send('stop');
    await new Promise(r => child.once('exit', r));
  }
}

async function measure(ready: FixtureReady) {
  const { cluster, prometheusUrl } = ready;
  const calls = { kubernetes: 0, prometheus: 0 };
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    if (
      String(input instanceof Request ? input.url : input).startsWith(
        prometheusUrl,
      )
    ) {
      calls.prometheus++;
    }
    return realFetch(input, init);
  };
  const config = (rollUps: boolean) =>
    new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: cluster.name,
                url: cluster.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: cluster.token,
                caData: Buffer.from(cluster.caPem ?? '').toString('base64'),
              },
            ],
          },
        ],
      },
      gpuMetrics: {
        prometheus: [{ cluster: cluster.name, url: prometheusUrl }],
        clusterLabel: 'cluster',
        idle: { utilisationBelow: 5, forAtLeast: '1h' },
        cacheTtl: '0s',
        timeout: '120s',
        rollUps,
      },
    });
  const kubernetes = KubernetesPods.fromConfig(config(true));
  const pods: PodLister = {
    clusters: () => kubernetes.clusters(),
    listLabelledPods: (c, s) => {
      calls.kubernetes++;
      return kubernetes.listLabelledPods(c, s);
    },
  };
  const catalog = memoryCatalog(benchEntities(ready));
  const credentials = {} as BackstageCredentials;
  // The benchmark reads as a fleet viewer: every permission check allows.
  const allow = async (requests: unknown[]) =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW }));
  const services = (rollUps: boolean) =>
    createGpuMetricsServices({
      config: readGpuMetricsConfig(config(rollUps)),
      pods,
      catalog,
      organisation: CatalogOrganisation.create({
        catalog,
        auth: {
          getOwnServiceCredentials: async () => credentials,
        } as unknown as AuthService,
      }),
      permissions: {
        authorize: allow,
        authorizeConditional: allow,
      } as unknown as PermissionsService,
      logger: silentLogger,
      now: () => END_S * 1000,
    });
  const api = services(true);
  const raw = services(false);
  const before = beforeServices(config(false), calls, {
    catalog,
    credentials,
    allow,
  });

  const jobRegex = (jobs: typeof ready.jobs) =>
    `(${jobs.map(j => j.name).join('|')})-.*`;
  const group10 = ready.jobs.slice(1, 11);
  const namespaces = (jobs: typeof ready.jobs) =>
    [...new Set(jobs.map(j => j.namespace))].sort().join('|');
  const entitySelector = `cluster="gpu-prod", namespace="${ready.jobs[0].namespace}", pod=~"${ready.jobs[0].name}-.*"`;
  const groupSelector = `cluster="gpu-prod", namespace=~"${namespaces(
    group10,
  )}", pod=~"${jobRegex(group10)}"`;

  // What one answer costs, counted request by request.
  const count = async (ask: () => Promise<unknown>) => {
    calls.kubernetes = 0;
    calls.prometheus = 0;
    await ask();
    return { ...calls };
  };
  const callCounts: Record<string, unknown> = {};
  for (const window of ['7d', '30d'] as const) {
    for (const size of [1, 10, 100]) {
      callCounts[`group-${size}-${window}`] = {
        entities: size,
        ...(await count(() =>
          api.groupUsage.groupUsage(
            `group:default/bench-size-${size}`,
            window,
            credentials,
          ),
        )),
      };
    }
    callCounts[`entity-${window}`] = await count(() =>
      api.entityUsage.entityUsage(
        'component:default/bench-service-0',
        window,
        credentials,
      ),
    );
    callCounts[`fleet-${window}`] = await count(() =>
      api.fleet.fleet(window, credentials),
    );
    if (before) {
      for (const size of [1, 10, 100]) {
        callCounts[`before-group-${size}-${window}`] = {
          entities: size,
          ...(await count(() =>
            before.groupUsage.groupUsage(
              `group:default/bench-size-${size}`,
              window,
              credentials,
            ),
          )),
        };
      }
      callCounts[`before-entity-${window}`] = await count(() =>
        askBefore(before, 'entity', window),
      );
      callCounts[`before-fleet-${window}`] = await count(() =>
        askBefore(before, 'fleet', window),
      );
    }
  }

  // The 30-day figures from the roll-ups against every raw sample.
  const rollUpEquality = {
    entity: differences(
      await api.entityUsage.entityUsage(
        'component:default/bench-service-0',
        '30d',
        credentials,
      ),
      await raw.entityUsage.entityUsage(
        'component:default/bench-service-0',
        '30d',
        credentials,
      ),
    ),
    group100: differences(
      await api.groupUsage.groupUsage(
        'group:default/bench-size-100',
        '30d',
        credentials,
      ),
      await raw.groupUsage.groupUsage(
        'group:default/bench-size-100',
        '30d',
        credentials,
      ),
    ),
  };
  Object.assign(rollUpEquality, {
    atLastRollUp: await aggregatesAtLastRollUp(
      prometheusUrl,
      await api.groupUsage.groupUsage(
        'group:default/bench-size-100',
        '30d',
        credentials,
      ),
    ).catch(error => ({ failed: String(error) })),
  });
  console.error(JSON.stringify({ callCounts, rollUpEquality }));
  const windows = [
    { window: '7d' as const, seconds: 7 * 86400, step: 630 },
    { window: '30d' as const, seconds: 30 * 86400, step: 2610 },
  ];
  const latency: Record<string, unknown> = {};
  for (const { window, seconds, step } of windows) {
    const range = {
      start: Math.floor(END_S / step) * step - seconds,
      end: Math.floor(END_S / step) * step,
      step,
    };
    const figures: Record<
      string,
      { ask: () => Promise<unknown>; reference: Reference }
    > = {
      entity: {
        ask: () =>
          api.entityUsage.entityUsage(
            'component:default/bench-service-0',
            window,
            credentials,
          ),
        reference: usageReference(entitySelector, seconds, step),
      },
      group: {
        ask: () =>
          api.groupUsage.groupUsage(
            'group:default/bench-size-10',
            window,
            credentials,
          ),
        reference: usageReference(groupSelector, seconds, step),
      },
      // The fleet reads raw samples whatever the window, so over the 7 days
      // of history its 30-day figure would repeat the 7-day one.
      ...(window === '7d'
        ? {
            fleet: {
              ask: () => api.fleet.fleet(window, credentials),
              reference: fleetReference(seconds, step),
            },
          }
        : {}),
    };
    for (const [name, { ask, reference }] of Object.entries(figures)) {
      console.error(`latency: ${name} ${window}`);
      const ratios = (ms: { p50: number; p95: number }) => ({
        toReferenceP50: Math.round((ms.p50 / ref.p50) * 100) / 100,
        toReferenceP95: Math.round((ms.p95 / ref.p95) * 100) / 100,
      });
      const samples = name === 'fleet' ? FLEET_SAMPLES : SAMPLES;
      // The fleet sends the same PromQL as before; only its owner lookup
      // changed (one listing instead of a read per idle pod).
      const measured = await interleaved(
        {
          reference: () => sendReference(prometheusUrl, reference, range),
          api: ask,
          ...(before && name !== 'fleet'
            ? { before: () => askBefore(before, name, window) }
            : {}),
        },
        samples,
      );
      const ref = stats(measured.reference);
      const ours = stats(measured.api);
      const old = measured.before ? stats(measured.before) : undefined;
      latency[`${name}-${window}`] = {
        referenceMs: { ...ref, queries: reference.length },
        apiMs: { ...ours, ...ratios(ours) },
        ...(old ? { beforeApiMs: { ...old, ...ratios(old) } } : {}),
      };
      console.error(
        JSON.stringify({ [`${name}-${window}`]: latency[`${name}-${window}`] }),
      );
    }
  }

  globalThis.fetch = realFetch;
  return { latency, callCounts, rollUpEquality };
}

(env.BENCH_GPU_METRICS_ROLE === 'fixture' ? fixture() : main()).catch(error => {
  console.error(error);
  process.exit(1);
});
