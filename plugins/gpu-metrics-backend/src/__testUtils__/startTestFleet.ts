import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ClusterSim,
  backfillHistory,
  startClusterSim,
} from '@ai-platform/cluster-sim';
import { fleetKubernetesConfig } from '@ai-platform/test-utils';
import { JsonObject } from '@backstage/types';
import { TestPrometheus, startTestPrometheus } from './startTestPrometheus';

/** The demo fleet with recorded dcgm-exporter history in one Prometheus per cluster. */
export interface TestFleet {
  sim: ClusterSim;
  /** The end of the recorded history, where the API's clock stands. */
  end: Date;
  prometheus: Record<string, TestPrometheus>;
  /** `kubernetes` and `gpuMetrics` config for the fleet. */
  config: JsonObject;
  /** GPU-holding pods of the simulation, by cluster. */
  holders(cluster: string): Array<{
    namespace: string;
    pod: string;
    profile: string;
  }>;
  /** Pods labelled with a `backstage.io/kubernetes-id`, by cluster. */
  podsOf(
    cluster: string,
    kubernetesId: string,
  ): Array<{ namespace: string; pod: string }>;
  stop(): Promise<void>;
}

/**
 * The most recent weekday 18:00 UTC at least a day ago: the seeded workloads
 * started 7 days back, and on a weekday the notebooks have worked.
 */
function historyEnd(now: number): Date {
  const day = new Date(now - 86400_000);
  day.setUTCHours(18, 0, 0, 0);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) {
    day.setUTCDate(day.getUTCDate() - 1);
  }
  return day;
}

/**
 * Starts the demo fleet and backfills `hours` of history per cluster; with
 * `serving`, the model servers' vLLM pages and the AI gateway's too.
 */
export async function startTestFleet(options: {
  hours: number;
  serving?: boolean;
}): Promise<TestFleet> {
  const sim = await startClusterSim({ metrics: false });
  // The Job controller creates its pods after start; wait until the GPUs
  // held stop changing so the history records every holder.
  const held = () =>
    sim.clusters
      .flatMap(c => c.gpus.nodeGpus())
      .flatMap(n => n.devices)
      .filter(d => d.holder).length;
  for (let last = -1, stable = 0; stable < 3; ) {
    await new Promise(r => setTimeout(r, 100));
    const now = held();
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
  const end = historyEnd(Date.now());
  const start = new Date(end.getTime() - (options.hours + 1) * 3600_000);
  const prometheus: Record<string, TestPrometheus> = {};
  // Each cluster's TSDB and Prometheus folder, all removed at stop().
  const work = mkdtempSync(join(tmpdir(), 'gpu-metrics-fleet-'));
  const stopAll = async () => {
    await Promise.all(Object.values(prometheus).map(p => p.stop()));
    await sim.stop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    for (const cluster of sim.clusters) {
      const nodes = cluster.gpus.nodeGpus();
      const { tsdbDir } = await backfillHistory({
        nodes,
        seed: 20261122,
        start,
        end,
        tsdbDir: join(work, cluster.name, 'tsdb'),
        ...(options.serving
          ? {
              serving: [
                {
                  holders: nodes.flatMap(n =>
                    n.devices.flatMap(d => d.holder ?? []),
                  ),
                },
              ],
            }
          : {}),
      });
      const promDir = join(work, cluster.name, 'prometheus');
      mkdirSync(promDir, { recursive: true });
      prometheus[cluster.name] = await startTestPrometheus(tsdbDir, promDir);
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  const config: JsonObject = {
    kubernetes: fleetKubernetesConfig(sim),
    gpuMetrics: {
      prometheus: sim.clusters.map(c => ({
        cluster: c.name,
        url: prometheus[c.name].url,
      })),
      idle: { utilisationBelow: 5, forAtLeast: '1h' },
      cacheTtl: '30s',
    },
    gpuProvisioning: {
      gpuClasses: [
        {
          id: 'h100',
          productLabel: 'NVIDIA-H100-80GB-HBM3',
          memoryMiB: 81559,
          hourlyRate: 4.5,
          migProfiles: [
            { name: '1g.10gb', memoryMiB: 9984, hourlyRate: 0.7 },
            { name: '3g.40gb', memoryMiB: 40320, hourlyRate: 2.4 },
          ],
        },
        {
          id: 'l40s',
          productLabel: 'NVIDIA-L40S',
          memoryMiB: 46068,
          hourlyRate: 1.6,
        },
      ],
    },
  };
  return {
    sim,
    end,
    prometheus,
    config,
    holders(cluster) {
      const seen = new Map<
        string,
        { namespace: string; pod: string; profile: string }
      >();
      for (const node of sim.cluster(cluster).gpus.nodeGpus()) {
        for (const d of node.devices) {
          if (d.holder) {
            seen.set(`${d.holder.namespace}/${d.holder.pod}`, {
              namespace: d.holder.namespace,
              pod: d.holder.pod,
              profile: d.holder.profile,
            });
          }
        }
      }
      return [...seen.values()];
    },
    podsOf(cluster, kubernetesId) {
      return sim
        .cluster(cluster)
        .api.store.allObjects()
        .filter(
          o =>
            o.kind === 'Pod' &&
            o.metadata.labels?.['backstage.io/kubernetes-id'] === kubernetesId,
        )
        .map(o => ({ namespace: o.metadata.namespace!, pod: o.metadata.name }));
    },
    stop: stopAll,
  };
}
