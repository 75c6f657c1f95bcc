import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { namespaceLifecycle } from './api/admission/namespaceLifecycle';
import { resourceQuota } from './api/admission/resourceQuota';
import { GpuAllocator } from './api/controllers/GpuAllocator';
import { startJobController } from './api/controllers/jobController';
import {
  kueueJobSuspension,
  startKueueController,
} from './api/controllers/kueue/kueueController';
import { startNamespaceController } from './api/controllers/namespaceController';
import { startPodGroupController } from './api/controllers/podGroupController';
import { startQueueStatusController } from './api/controllers/overQuota/queueStatusController';
import { startQuotaController } from './api/controllers/quotaController';
import { startScheduler } from './api/controllers/scheduler';
import { FaultInjector } from './api/FaultInjector';
import { KubernetesApi, ObjectValidator } from './api/KubernetesApi';
import { ObjectStore } from './api/ObjectStore';
import { findResourceByKind, RESOURCE_TYPES } from './api/resources';
import { KubernetesApiServer, OpenApiSource } from './api/KubernetesApiServer';
import { selfSignedCertificate } from './api/selfSignedCertificate';
import { kubeconfigYaml } from './kubeconfig';
import { MetricsServer } from './metrics/MetricsServer';
import { loadTopology } from './topology/loadTopology';
import { seedCluster } from './topology/seedCluster';
import { ClusterTopology, FleetTopology, GpuInventory } from './topology/types';
import { FleetStatePersister } from './state/FleetStatePersister';
import { readFleetState } from './state/readFleetState';
import { ClusterState, FleetState } from './state/types';

/** The file in `stateDir` that holds the fleet's objects across restarts. */
export const FLEET_STATE_FILE = 'fleet-state.json';

/** Options of {@link startClusterSim}. */
export interface ClusterSimOptions {
  /** A topology, or the path of a topology file; the demo fleet by default. */
  topology?: FleetTopology | string;
  /** What to create at start: everything (default), only the nodes, or nothing. */
  seed?: 'workloads' | 'nodes' | 'none';
  /**
   * Keep the fleet's objects (namespaces, quotas, RBAC, pods, nodes, custom
   * resources, resourceVersions) and GPU assignments in
   * `<stateDir>/fleet-state.json` across restarts, as a real cluster keeps
   * them in etcd. A cluster found there is restored instead of seeded; the
   * file is written shortly after every change and at `stop()`.
   */
  stateDir?: string;
  /** Serve HTTPS with a self-signed CA (default) or plain HTTP. */
  tls?: boolean;
  /** The port of each cluster's API by name and position; free ports when absent. */
  portFor?: (name: string, index: number) => number | undefined;
  /** The admin bearer token; random by default. */
  token?: string;
  /** Where to write the kubeconfig; by default a temporary file, removed at `stop()`. */
  kubeconfigPath?: string;
  /** Validates every stored object; see `createSchemaValidation`. */
  validator?: ObjectValidator;
  /** Serves `/openapi/v3`. */
  openApi?: OpenApiSource;
  /**
   * Serve dcgm-exporter and vLLM metrics (default), on this port or a free
   * one, at the wall-clock time or `now()`.
   */
  metrics?: false | { port?: number; now?: () => Date };
}

/** One running simulated cluster. */
export interface SimulatedCluster {
  name: string;
  description: string;
  /** Base URL of the Kubernetes API, `https://127.0.0.1:<port>`. */
  url: string;
  /** Admin bearer token. */
  token: string;
  /** A token whose writes are Forbidden, for permission tests. */
  readOnlyToken: string;
  /** PEM of the CA the API's certificate is signed with (HTTPS only). */
  caPem?: string;
  /** The emulator behind the URL, for assertions in tests. */
  api: KubernetesApi;
  /** Whether its objects came from the state file rather than the topology's seed. */
  restored: boolean;
  /** Faults to inject into this cluster's API. */
  faults: FaultInjector;
  /** Which pods hold which GPUs, for the metrics simulators. */
  gpus: GpuInventory;
}

/** The handle {@link startClusterSim} returns. */
export interface ClusterSim {
  clusters: SimulatedCluster[];
  /** A cluster by name; throws for an unknown one. */
  cluster(name: string): SimulatedCluster;
  /** A kubeconfig with one context per cluster. */
  kubeconfigPath: string;
  /** Base URL of the dcgm-exporter and vLLM metrics, unless disabled. */
  metricsUrl?: string;
  /** Where Prometheus finds every metrics page (`http_sd_configs`). */
  metricsTargetsUrl?: string;
  /** The state file, with `stateDir`. */
  stateFile?: string;
  stop(): Promise<void>;
}

async function startOne(
  fleet: FleetTopology,
  topology: ClusterTopology,
  options: ClusterSimOptions,
  token: string,
  index: number,
  saved: ClusterState | undefined,
): Promise<{
  cluster: SimulatedCluster;
  state: () => ClusterState;
  stop: () => Promise<void>;
}> {
  const api = new KubernetesApi({
    validator: options.validator,
    store: saved && ObjectStore.restore(saved.store, RESOURCE_TYPES),
  });
  api.addAdmissionCheck(namespaceLifecycle(api.store));
  api.addAdmissionCheck(resourceQuota(api.store));
  api.addAdmissionCheck(kueueJobSuspension());
  const gpus = new GpuAllocator({
    cluster: topology.name,
    seed: fleet.seed,
    products: fleet.gpuProducts,
  });
  const stops = [
    startNamespaceController(api),
    startQuotaController(api),
    startScheduler(api, gpus, { assignments: saved?.gpuAssignments }),
    startJobController(api),
    startKueueController(api),
    startPodGroupController(api),
    startQueueStatusController(api),
  ];
  const faults = new FaultInjector(fleet.seed);
  const readOnlyToken = randomBytes(24).toString('hex');
  const tls = options.tls === false ? undefined : selfSignedCertificate();
  const server = new KubernetesApiServer({
    api,
    faults,
    tls,
    openApi: options.openApi,
    port: options.portFor?.(topology.name, index),
    tokens: [
      { token, user: 'system:admin' },
      { token: readOnlyToken, user: 'viewer', readOnly: true },
    ],
  });
  const url = await server.start();
  if (!saved && options.seed !== 'none') {
    seedCluster(
      api,
      fleet,
      options.seed === 'nodes'
        ? { ...topology, workloads: [], objects: [] }
        : topology,
    );
  }
  return {
    cluster: {
      name: topology.name,
      description: topology.description,
      url,
      token,
      readOnlyToken,
      caPem: tls?.cert,
      api,
      restored: Boolean(saved),
      faults,
      gpus,
    },
    state: () => ({
      store: api.store.snapshot(RESOURCE_TYPES),
      gpuAssignments: gpus.assignments(),
    }),
    stop: async () => {
      stops.forEach(stop => stop());
      await server.stop();
    },
  };
}

/** Whether every Job has its pods and every pod is running, finished or unschedulable. */
function isSettled(api: KubernetesApi): boolean {
  const jobs = api.store.list(findResourceByKind('batch/v1', 'Job')!);
  const pods = api.store.list(findResourceByKind('v1', 'Pod')!);
  const jobsStarted = jobs.every(job => {
    const spec = job.spec as { suspend?: boolean; parallelism?: number };
    if (spec.suspend) return true;
    const owned = pods.filter(p =>
      p.metadata.ownerReferences?.some(r => r.uid === job.metadata.uid),
    );
    return owned.length >= Math.min(spec.parallelism ?? 1, 1);
  });
  const podsPlaced = pods.every(pod => {
    const status = pod.status as
      | { phase?: string; conditions?: Array<{ reason?: string }> }
      | undefined;
    return (
      status?.phase !== 'Pending' ||
      (status.conditions ?? []).some(c => c.reason === 'Unschedulable')
    );
  });
  return jobsStarted && podsPlaced;
}

async function settled(api: KubernetesApi, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!isSettled(api) && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}

/**
 * Starts the simulated GPU fleet: one Kubernetes API emulator per cluster of
 * the topology, seeded with nodes and workloads, and a kubeconfig for them.
 */
export async function startClusterSim(
  options: ClusterSimOptions = {},
): Promise<ClusterSim> {
  const fleet =
    typeof options.topology === 'object'
      ? options.topology
      : loadTopology(options.topology);
  const token = options.token ?? randomBytes(24).toString('hex');
  const stateFile = options.stateDir
    ? join(resolvePath(options.stateDir), FLEET_STATE_FILE)
    : undefined;
  if (stateFile) mkdirSync(dirname(stateFile), { recursive: true });
  const saved = stateFile ? readFleetState(stateFile) : undefined;
  const started = await Promise.all(
    fleet.clusters.map((c, i) =>
      startOne(fleet, c, options, token, i, saved?.clusters[c.name]),
    ),
  );
  const clusters = started.map(s => s.cluster);
  const persister =
    stateFile === undefined
      ? undefined
      : FleetStatePersister.create({
          file: stateFile,
          snapshot: (): FleetState => ({
            version: 1,
            clusters: {
              // Clusters no longer in the topology keep their state for a later start.
              ...saved?.clusters,
              ...Object.fromEntries(
                fleet.clusters.map((c, i) => [c.name, started[i].state()]),
              ),
            },
          }),
          onError: error =>
            // eslint-disable-next-line no-console
            console.error(
              `cluster-sim: could not write ${stateFile}: ${error.message}`,
            ),
        });
  // A folder of its own when the caller names no path, removed at stop().
  const ownFolder = options.kubeconfigPath
    ? undefined
    : mkdtempSync(join(tmpdir(), 'cluster-sim-'));
  const kubeconfigPath =
    options.kubeconfigPath ?? join(ownFolder!, 'kubeconfig');
  mkdirSync(dirname(kubeconfigPath), { recursive: true });
  writeFileSync(
    kubeconfigPath,
    kubeconfigYaml(
      clusters.map(c => ({
        name: c.name,
        server: c.url,
        token: c.token,
        caPem: c.caPem,
      })),
    ),
    { mode: 0o600 },
  );
  // Return once the controllers have settled the seeded fleet (Jobs have
  // their pods, pods are bound or reported unschedulable), so callers such as
  // the history backfill see every workload.
  await Promise.all(clusters.map(c => settled(c.api)));
  if (persister) {
    // On disk at once, so even a fleet killed before its first change comes back the same.
    persister.writeNow();
    for (const c of clusters) c.api.store.onChange(() => persister.changed());
  }
  const metrics =
    options.metrics === false
      ? undefined
      : new MetricsServer({
          clusters,
          seed: fleet.seed,
          port: options.metrics?.port,
          now: options.metrics?.now,
        });
  const metricsUrl = await metrics?.start();
  return {
    clusters,
    kubeconfigPath,
    metricsUrl,
    metricsTargetsUrl: metricsUrl && `${metricsUrl}/targets`,
    stateFile,
    cluster(name: string) {
      const found = clusters.find(c => c.name === name);
      if (!found) throw new Error(`No simulated cluster named ${name}`);
      return found;
    },
    async stop() {
      try {
        await Promise.all([...started.map(s => s.stop()), metrics?.stop()]);
      } finally {
        // After the servers, so the last changes they took are in the file.
        persister?.stop();
        if (ownFolder) rmSync(ownFolder, { recursive: true, force: true });
      }
    },
  };
}
