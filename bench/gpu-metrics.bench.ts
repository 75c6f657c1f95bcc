/* eslint-disable no-console */
// GPU usage over DCGM history in a real Prometheus.
//
// 1. Backfill: the simulated dcgm-exporter history of a fleet of H100 nodes
//    (7 days at a 30 s scrape interval, written as OpenMetrics and loaded with
//    promtool), doubling the fleet from 256 GPUs while the next size is
//    projected to finish within the 10-minute budget. Reports the largest size
//    done within budget, its samples and time.
// 2. API latency over that history: p50/p95 of the GPU usage service for an
//    entity, a group and the fleet (Kubernetes pod lookup, PromQL, roll-up),
//    and of the raw PromQL for the same question: the very requests the
//    service sent (captured by a recording proxy), replayed straight to
//    Prometheus with the same concurrency. The ratio is API p50 / raw p50.
//
// Environment: BENCH_GPU_METRICS_START_GPUS (256), BENCH_GPU_METRICS_MAX_GPUS
// (4096), BENCH_GPU_METRICS_BUDGET_S (600), BENCH_GPU_METRICS_RUNS (15).
import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  backfillHistory,
  ClusterTopology,
  FleetTopology,
  loadTopology,
  SeedWorkload,
  startClusterSim,
  startPrometheus,
} from '@ai-platform/cluster-sim';
import { readGpuMetricsConfig } from '../plugins/gpu-metrics-backend/src/config/GpuMetricsConfig';
import { KubernetesPods } from '../plugins/gpu-metrics-backend/src/kubernetes/KubernetesPods';
import { createGpuMetricsServices } from '../plugins/gpu-metrics-backend/src/service/createGpuMetricsServices';
import { CatalogOrganisation } from '../plugins/gpu-metrics-backend/src/catalog/CatalogOrganisation';
import { AuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

const START_GPUS = Number(process.env.BENCH_GPU_METRICS_START_GPUS ?? 256);
const MAX_GPUS = Number(process.env.BENCH_GPU_METRICS_MAX_GPUS ?? 4096);
const BUDGET_S = Number(process.env.BENCH_GPU_METRICS_BUDGET_S ?? 600);
const RUNS = Number(process.env.BENCH_GPU_METRICS_RUNS ?? 15);
const DAYS = 7;
const TEAMS = 8;

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
  };
}

/**
 * One cluster of `gpus` H100s (8 per node) with the demo's production
 * workloads plus 8-GPU bench jobs on about half of the rest, spread over
 * {@link TEAMS} teams and every load profile.
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
  const demoGpus = prod.workloads.reduce(
    (n, w) => n + (w.migProfile ? 0 : w.replicas * w.gpusPerReplica),
    0,
  );
  const jobs = Math.max(0, Math.floor((nodes * 8 * 0.5 - demoGpus) / 8));
  const workloads: SeedWorkload[] = [
    ...prod.workloads.filter(w => !w.migProfile),
    ...Array.from({ length: jobs }, (_, i) => ({
      name: `bench-job-${i}`,
      namespace: `bench-team-${i % TEAMS}`,
      component: `bench-service-${i}`,
      team: `bench-team-${i % TEAMS}`,
      profile: profiles[i % profiles.length],
      kind: 'Job' as const,
      replicas: 1,
      gpusPerReplica: 8,
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

/** Counts the GPUs held, until the Job controller stops adding pods. */
async function settle(held: () => number): Promise<void> {
  for (let last = -1, stable = 0; stable < 3; ) {
    await new Promise(r => setTimeout(r, 200));
    const now = held();
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
}

interface Recorded {
  path: string;
  body: string;
}

/** A proxy in front of Prometheus that records the requests it forwards. */
async function recordingProxy(target: string): Promise<{
  url: string;
  recorded: Recorded[];
  server: Server;
}> {
  const recorded: Recorded[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString();
    recorded.push({ path: req.url ?? '/', body });
    const upstream = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: req.method === 'POST' ? body : undefined,
    });
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, recorded, server };
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

function benchEntities(topology: FleetTopology): Entity[] {
  const group = (name: string, parent?: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [], ...(parent ? { parent } : {}) },
    relations: parent
      ? [{ type: 'childOf', targetRef: `group:default/${parent}` }]
      : [],
  });
  const teams = new Set(topology.clusters[0].workloads.map(w => w.team));
  const components = new Map(
    topology.clusters[0].workloads.map(w => [w.component, w.team]),
  );
  return [
    group('bench-org'),
    ...[...teams].map(t => group(t, 'bench-org')),
    ...[...components].map(([name, team]) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        namespace: 'default',
        annotations: { 'backstage.io/kubernetes-id': name },
      },
      spec: { type: 'service', lifecycle: 'production', owner: team },
      relations: [{ type: 'ownedBy', targetRef: `group:default/${team}` }],
    })),
  ];
}

async function main() {
  const demo = loadTopology();
  const end = new Date(Math.floor(Date.now() / 3600_000) * 3600_000);
  const start = new Date(end.getTime() - DAYS * 86400_000);

  const backfills: Array<{
    gpus: number;
    samples: number;
    seconds: number;
    withinBudget: boolean;
  }> = [];
  let kept:
    | {
        tsdbDir: string;
        topology: FleetTopology;
        gpus: number;
      }
    | undefined;
  for (let gpus = START_GPUS; gpus <= MAX_GPUS; gpus *= 2) {
    const topology = benchTopology(demo, gpus);
    const sim = await startClusterSim({ topology, metrics: false });
    const cluster = sim.clusters[0];
    await settle(
      () =>
        cluster.gpus
          .nodeGpus()
          .flatMap(n => n.devices)
          .filter(d => d.holder).length,
    );
    const result = await backfillHistory({
      nodes: cluster.gpus.nodeGpus(),
      seed: topology.seed,
      start,
      end,
      targetLabels: () => ({ cluster: 'gpu-prod' }),
    });
    await sim.stop();
    const withinBudget = result.seconds <= BUDGET_S;
    backfills.push({
      gpus,
      samples: result.samples,
      seconds: Math.round(result.seconds),
      withinBudget,
    });
    console.error(
      `backfilled ${gpus} GPUs x ${DAYS} d: ${
        result.samples
      } samples in ${result.seconds.toFixed(0)} s`,
    );
    // The API is measured over the largest history within budget or, when
    // even the first size ran over, over that one.
    if (withinBudget || !kept) {
      if (kept) rmSync(kept.tsdbDir, { recursive: true, force: true });
      kept = { tsdbDir: result.tsdbDir, topology, gpus };
    } else {
      rmSync(result.tsdbDir, { recursive: true, force: true });
    }
    // Backfill time grows linearly with the fleet: stop when the next
    // doubling is projected past the budget.
    if (!withinBudget || result.seconds * 2 > BUDGET_S) break;
  }
  if (!kept) throw new Error('Nothing was backfilled');

  // The API over the largest history that fitted.
  const sim = await startClusterSim({
    topology: kept.topology,
    metrics: false,
  });
  const cluster = sim.clusters[0];
  await settle(
    () =>
      cluster.gpus
        .nodeGpus()
        .flatMap(n => n.devices)
        .filter(d => d.holder).length,
  );
  const prometheus = await startPrometheus(
    kept.tsdbDir,
    mkdtempSync(join(tmpdir(), 'gpu-metrics-bench-prom-')),
  );
  const proxy = await recordingProxy(prometheus.url);
  const config = new ConfigReader({
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
      prometheus: [{ cluster: cluster.name, url: proxy.url }],
      clusterLabel: 'cluster',
      idle: { utilisationBelow: 5, forAtLeast: '1h' },
      cacheTtl: '0s',
      timeout: '120s',
    },
  });
  const catalog = memoryCatalog(benchEntities(kept.topology));
  const credentials = {} as BackstageCredentials;
  // The benchmark reads as a fleet viewer: every permission check allows.
  const allow = async (requests: unknown[]) =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW }));
  const services = createGpuMetricsServices({
    config: readGpuMetricsConfig(config),
    pods: KubernetesPods.fromConfig(config),
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
    now: () => end.getTime(),
  });
  const questions: Record<string, () => Promise<unknown>> = {
    entity: () =>
      services.entityUsage.entityUsage(
        'component:default/search-ranker-training',
        '7d',
        credentials,
      ),
    group: () =>
      services.groupUsage.groupUsage(
        'group:default/bench-org',
        '7d',
        credentials,
      ),
    fleet: () => services.fleet.fleet('7d', credentials),
  };
  const api: Record<string, { p50: number; p95: number }> = {};
  const raw: Record<string, { p50: number; p95: number; queries: number }> = {};
  const ratio: Record<string, number> = {};
  for (const [name, ask] of Object.entries(questions)) {
    await ask(); // warm-up: Prometheus' page cache and the client's sockets
    proxy.recorded.length = 0;
    await ask();
    const requests = [...proxy.recorded];
    const apiMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await ask();
      apiMs.push(performance.now() - t);
    }
    const rawMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await Promise.all(
        requests.map(async r => {
          const res = await fetch(`${prometheus.url}${r.path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: r.body,
          });
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`raw PromQL failed: ${res.status}`);
        }),
      );
      rawMs.push(performance.now() - t);
    }
    api[name] = stats(apiMs);
    raw[name] = { ...stats(rawMs), queries: requests.length };
    ratio[name] = Math.round((api[name].p50 / raw[name].p50) * 100) / 100;
  }
  proxy.server.close();
  await prometheus.stop();
  await sim.stop();
  rmSync(kept.tsdbDir, { recursive: true, force: true });

  const largest = backfills.filter(b => b.withinBudget).pop() ?? null;
  console.log(
    JSON.stringify({
      benchmark: 'gpu-metrics',
      history: { days: DAYS, scrapeIntervalSeconds: 30 },
      budgetSeconds: BUDGET_S,
      largestBackfillWithinBudget: largest,
      backfills,
      apiOverGpus: kept.gpus,
      window: '7d',
      runs: RUNS,
      apiMs: api,
      rawPromqlMs: raw,
      apiToRawP50: ratio,
    }),
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
