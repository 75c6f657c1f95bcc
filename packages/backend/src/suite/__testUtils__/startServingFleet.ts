import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PrometheusServer,
  backfillHistory,
  loadTopology,
  startClusterSim,
  startPrometheus,
} from '@ai-platform/cluster-sim';
import { fleetKubernetesConfig } from '@ai-platform/test-utils';
import { SuiteFleet } from './startSuiteFleet';

/**
 * Starts cluster-sim's demo fleet with the last `hours` of history in one
 * real Prometheus: the DCGM series `startSuiteFleet` writes, plus what the
 * model servers' vLLM pages (job `vllm`) and the AI gateway (job
 * `ai-gateway`) would have been scraped as, each labelled with its cluster
 * as the fleet's Prometheus scrape does. For tests of serving economics;
 * `startSuiteFleet` stays DCGM-only, so the other suite tests keep their
 * smaller history.
 */
export async function startServingFleet(
  options: { hours?: number } = {},
): Promise<SuiteFleet> {
  const topology = loadTopology();
  const sim = await startClusterSim({ topology, metrics: false });
  const work = mkdtempSync(join(tmpdir(), 'suite-serving-fleet-'));
  let prometheus: PrometheusServer | undefined;
  try {
    // Whole minutes, as the CLI's backfill ends on a scrape instant.
    const end = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const { tsdbDir } = await backfillHistory({
      nodes: sim.clusters.flatMap(c => c.gpus.nodeGpus()),
      seed: topology.seed,
      start: new Date(end.getTime() - (options.hours ?? 2) * 3600_000),
      end,
      intervalSeconds: 60,
      tsdbDir: join(work, 'tsdb'),
      targetLabels: node => ({
        cluster: node.cluster,
        instance: `${node.hostname}:9400`,
        job: 'nvidia-dcgm-exporter',
      }),
      // Every pod that serves a model, per cluster, as cluster-sim's CLI
      // backfills them.
      serving: sim.clusters.map(c => ({
        holders: c.gpus
          .nodeGpus()
          .flatMap(n => n.devices.flatMap(d => d.holder ?? [])),
        labels: { cluster: c.name, instance: `${c.name}-metrics:80` },
      })),
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
