/* eslint-disable no-console */
// The simulated cluster's own speed, so later benchmarks know what part of
// their figures is the emulator: creates and lists through
// @kubernetes/client-node over HTTPS at concurrency 20, and the dcgm-exporter
// history writer's throughput. Prints one JSON line.
import * as k8s from '@kubernetes/client-node';
import { Writable } from 'node:stream';
import { startClusterSim } from '@ai-platform/cluster-sim';
import { writeOpenMetricsHistory } from '../packages/cluster-sim/src/dcgm';

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function timed(
  n: number,
  concurrency: number,
  fn: (i: number) => Promise<unknown>,
) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const t = performance.now();
        await fn(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: Math.round(n / seconds),
    p50Ms: Number(percentile(latencies, 50).toFixed(2)),
    p95Ms: Number(percentile(latencies, 95).toFixed(2)),
  };
}

async function main() {
  const sim = await startClusterSim({ metrics: false });
  try {
    const cluster = sim.cluster('gpu-prod');
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'c',
          server: cluster.url,
          caData: Buffer.from(cluster.caPem!).toString('base64'),
        },
      ],
      users: [{ name: 'u', token: cluster.token }],
      contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
      currentContext: 'c',
    });
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'bench' } } });
    const creates = await timed(2000, 20, i =>
      core.createNamespacedConfigMap({
        namespace: 'bench',
        body: {
          metadata: { name: `cm-${i}`, labels: { n: String(i % 10) } },
          data: { i: String(i) },
        },
      }),
    );
    const lists = await timed(200, 20, () =>
      core.listNamespacedConfigMap({
        namespace: 'bench',
        labelSelector: 'n=3',
      }),
    );

    const nodes = sim.clusters.flatMap(c => c.gpus.nodeGpus());
    const gpus = nodes.reduce((n, node) => n + node.devices.length, 0);
    let bytes = 0;
    const sink = new Writable({
      write(chunk, _enc, done) {
        bytes += chunk.length;
        done();
      },
    });
    const end = new Date();
    const started = performance.now();
    const stats = await writeOpenMetricsHistory(nodes, sink, {
      seed: 1,
      start: new Date(end.getTime() - 2 * 3600_000),
      end,
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      JSON.stringify({
        configMapCreates: creates,
        filteredLists: lists,
        historyWriter: {
          devices: gpus,
          hours: 2,
          samples: stats.samples,
          samplesPerSecond: Math.round(stats.samples / seconds),
          mbPerSecond: Number((bytes / 1e6 / seconds).toFixed(1)),
        },
      }),
    );
  } finally {
    await sim.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
