import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ClusterSim,
  FleetTopology,
  PrometheusServer,
  SeedObject,
  backfillHistory,
  loadTopology,
  startClusterSim,
  startPrometheus,
} from '@ai-platform/cluster-sim';
import { fleetKubernetesConfig } from '@ai-platform/test-utils';
import { JsonObject } from '@backstage/types';

/** The simulated demo fleet with an hour's DCGM history in a real Prometheus. */
export interface SuiteFleet {
  sim: ClusterSim;
  /** One Prometheus for every cluster, series labelled `cluster`. */
  prometheus: PrometheusServer;
  /** GPUs (whole devices and MIG instances) each cluster's dcgm-exporter reports. */
  gpuCount(cluster: string): number;
  /** The `kubernetes` config for the named clusters. */
  kubernetesConfig(clusters: string[]): JsonObject;
  stop(): Promise<void>;
}

/**
 * The GPU classes of the demo fleet, for `gpuProvisioning.gpuClasses`: a
 * fleet-wide setting, the same whichever clusters are configured.
 */
export const FLEET_GPU_CLASSES = [
  {
    id: 'h100',
    displayName: 'NVIDIA H100 80GB',
    productLabel: 'NVIDIA-H100-80GB-HBM3',
    memoryMiB: 81559,
    hourlyRate: 4.5,
  },
  {
    id: 'a100',
    displayName: 'NVIDIA A100 80GB',
    productLabel: 'NVIDIA-A100-SXM4-80GB',
    memoryMiB: 81920,
    hourlyRate: 2.8,
  },
  {
    id: 'l40s',
    displayName: 'NVIDIA L40S',
    productLabel: 'NVIDIA-L40S',
    memoryMiB: 46068,
    hourlyRate: 1.6,
  },
];

/**
 * Starts cluster-sim's demo fleet (`extraObjects` applied on the named
 * clusters at seed time), writes its DCGM history for the last `hours` up to
 * now, labelled with each node's cluster as a scrape would, and serves it
 * from one real Prometheus.
 */
export async function startSuiteFleet(
  options: {
    hours?: number;
    extraObjects?: Record<string, SeedObject[]>;
  } = {},
): Promise<SuiteFleet> {
  const demo = loadTopology();
  const topology: FleetTopology = {
    ...demo,
    clusters: demo.clusters.map(c => ({
      ...c,
      objects: [
        ...(c.objects ?? []),
        ...(options.extraObjects?.[c.name] ?? []),
      ],
    })),
  };
  const sim = await startClusterSim({ topology, metrics: false });
  const work = mkdtempSync(join(tmpdir(), 'suite-fleet-'));
  let prometheus: PrometheusServer | undefined;
  try {
    const end = new Date();
    const start = new Date(end.getTime() - (options.hours ?? 2) * 3600_000);
    const { tsdbDir } = await backfillHistory({
      nodes: sim.clusters.flatMap(c => c.gpus.nodeGpus()),
      seed: topology.seed,
      start,
      end,
      intervalSeconds: 60,
      tsdbDir: join(work, 'tsdb'),
      // What the fleet's Prometheus scrape adds, with each node's cluster.
      targetLabels: node => ({
        cluster: node.cluster,
        instance: `${node.hostname}:9400`,
        job: 'nvidia-dcgm-exporter',
      }),
    });
    prometheus = await startPrometheus(tsdbDir, work);
  } catch (error) {
    await sim.stop();
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  const started = prometheus;
  return {
    sim,
    prometheus: started,
    gpuCount: cluster =>
      sim
        .cluster(cluster)
        .gpus.nodeGpus()
        .reduce((sum, node) => sum + node.devices.length, 0),
    kubernetesConfig: clusters => fleetKubernetesConfig(sim, { clusters }),
    async stop() {
      await started.stop();
      await sim.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
