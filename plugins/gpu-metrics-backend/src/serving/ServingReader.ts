import { ClusterError } from '@ai-platform/plugin-gpu-metrics-common';
import { PodsByNamespace } from '../prometheus/GpuQueries';
import { PrometheusClusters } from '../service/PrometheusClusters';
import { UsageRange } from '../service/types';
import { addBucket } from './histogramQuantile';
import { ServingQueries, VLLM_COUNTERS, VllmCounter } from './ServingQueries';

/** A pod's vLLM figures over a window. */
export interface PodServing {
  cluster: string;
  namespace: string;
  pod: string;
  models: Set<string>;
  counters: Record<VllmCounter, number>;
  /** Cumulative bucket increases by upper bound (`+Inf` as `Infinity`). */
  ttftBuckets: Map<number, number>;
  e2eBuckets: Map<number, number>;
}

/** The gateway's tokens over a window for one upstream and caller. */
export interface GatewayTokens {
  cluster: string;
  serverAddress: string;
  /** The gateway's `user_id`; undefined when the gateway named no caller. */
  caller?: string;
  inputTokens: number;
  outputTokens: number;
}

/** One step of the summed serving series of a set of pods. */
export interface ServingStep {
  promptTokensPerSecond: number;
  generationTokensPerSecond: number;
  requestsPerSecond: number;
  ttftBuckets: Map<number, number>;
  e2eBuckets: Map<number, number>;
}

/** The seconds a series step's rates cover: at least 2 min, so a rate sees several scrapes. */
export function seriesRateSeconds(step: number): number {
  return Math.max(step, 120);
}

const podKey = (namespace: string, pod: string) => `${namespace}\u0000${pod}`;

/**
 * Reads vLLM and AI gateway series from the Prometheus of each cluster, in
 * one wave of queries per cluster; a cluster that fails becomes a
 * `ClusterError` (a 503 when all do), as for the GPU figures.
 */
export class ServingReader {
  static create(options: {
    prometheus: PrometheusClusters;
    clusterLabel?: string;
  }): ServingReader {
    return new ServingReader(options.prometheus, options.clusterLabel);
  }

  private constructor(
    private readonly prometheus: PrometheusClusters,
    private readonly clusterLabel: string | undefined,
  ) {}

  private queries(cluster: string): ServingQueries {
    return ServingQueries.forCluster({
      cluster,
      clusterLabel: this.clusterLabel,
    });
  }

  /**
   * Per pod with vLLM series in the window: its models, counters and latency
   * buckets, of the given pods per cluster (`undefined`: every vLLM pod of
   * each of `clusters`).
   */
  async readPods(
    clusters: string[],
    range: UsageRange,
    podsOf?: Map<string, PodsByNamespace>,
  ): Promise<{ pods: PodServing[]; errors: ClusterError[] }> {
    const { results, errors } = await this.prometheus.perCluster(
      clusters,
      cluster => this.readClusterPods(cluster, range, podsOf?.get(cluster)),
    );
    return { pods: results.flatMap(r => r.value), errors };
  }

  private async readClusterPods(
    cluster: string,
    range: UsageRange,
    selected: PodsByNamespace | undefined,
  ): Promise<PodServing[]> {
    const querier = this.prometheus.querier(cluster);
    const q = this.queries(cluster);
    const at = range.end;
    const [present, counters, ttft, e2e] = await Promise.all([
      querier.instant(q.servingPods(range.seconds, selected), at),
      Promise.all(
        VLLM_COUNTERS.map(c =>
          querier.instant(q.counterIncrease(c, range.seconds, selected), at),
        ),
      ),
      querier.instant(
        q.bucketIncrease('ttftBucket', range.seconds, selected),
        at,
      ),
      querier.instant(
        q.bucketIncrease('e2eBucket', range.seconds, selected),
        at,
      ),
    ]);
    const pods = new Map<string, PodServing>();
    for (const s of present) {
      const key = podKey(s.metric.namespace, s.metric.pod);
      const pod = pods.get(key) ?? {
        cluster,
        namespace: s.metric.namespace,
        pod: s.metric.pod,
        models: new Set<string>(),
        counters: Object.fromEntries(VLLM_COUNTERS.map(c => [c, 0])) as Record<
          VllmCounter,
          number
        >,
        ttftBuckets: new Map(),
        e2eBuckets: new Map(),
      };
      if (s.metric.model_name) pod.models.add(s.metric.model_name);
      pods.set(key, pod);
    }
    VLLM_COUNTERS.forEach((counter, i) => {
      for (const s of counters[i]) {
        const pod = pods.get(podKey(s.metric.namespace, s.metric.pod));
        if (pod && Number.isFinite(s.value)) pod.counters[counter] += s.value;
      }
    });
    for (const [samples, field] of [
      [ttft, 'ttftBuckets'],
      [e2e, 'e2eBuckets'],
    ] as const) {
      for (const s of samples) {
        const pod = pods.get(podKey(s.metric.namespace, s.metric.pod));
        if (pod) addBucket(pod[field], s.metric.le, s.value);
      }
    }
    return [...pods.values()];
  }

  /**
   * The gateway's tokens per upstream and caller in the window, on each
   * cluster: for the given server addresses per cluster, or every upstream.
   */
  async readGateway(
    clusters: string[],
    range: UsageRange,
    addressesOf?: Map<string, string[]>,
  ): Promise<{ tokens: GatewayTokens[]; errors: ClusterError[] }> {
    const { results, errors } = await this.prometheus.perCluster(
      clusters,
      async cluster => {
        const addresses = addressesOf?.get(cluster);
        if (addresses && addresses.length === 0) return [];
        const samples = await this.prometheus
          .querier(cluster)
          .instant(
            this.queries(cluster).gatewayTokens(range.seconds, addresses),
            range.end,
          );
        const byCaller = new Map<string, GatewayTokens>();
        for (const s of samples) {
          const type = s.metric.gen_ai_token_type;
          if (
            (type !== 'input' && type !== 'output') ||
            !s.metric.server_address
          )
            continue;
          const caller = s.metric.user_id || undefined;
          const key = `${s.metric.server_address}\u0000${caller ?? ''}`;
          const row = byCaller.get(key) ?? {
            cluster,
            serverAddress: s.metric.server_address,
            ...(caller !== undefined ? { caller } : {}),
            inputTokens: 0,
            outputTokens: 0,
          };
          if (Number.isFinite(s.value)) {
            row[type === 'input' ? 'inputTokens' : 'outputTokens'] += s.value;
          }
          byCaller.set(key, row);
        }
        return [...byCaller.values()];
      },
    );
    return { tokens: results.flatMap(r => r.value), errors };
  }

  /** The pods' summed rates and latency buckets at each step of the window. */
  async readSeries(
    podsOf: Map<string, PodsByNamespace>,
    range: UsageRange,
  ): Promise<{ steps: Map<number, ServingStep>; errors: ClusterError[] }> {
    const seconds = seriesRateSeconds(range.step);
    const { results, errors } = await this.prometheus.perCluster(
      [...podsOf.keys()],
      async cluster => {
        const querier = this.prometheus.querier(cluster);
        const q = this.queries(cluster);
        const pods = podsOf.get(cluster)!;
        return Promise.all([
          querier.range(q.counterRate('promptTokens', seconds, pods), range),
          querier.range(
            q.counterRate('generationTokens', seconds, pods),
            range,
          ),
          querier.range(q.counterRate('requests', seconds, pods), range),
          querier.range(q.bucketRate('ttftBucket', seconds, pods), range),
          querier.range(q.bucketRate('e2eBucket', seconds, pods), range),
        ]);
      },
    );
    const steps = new Map<number, ServingStep>();
    const step = (t: number) => {
      const s = steps.get(t) ?? {
        promptTokensPerSecond: 0,
        generationTokensPerSecond: 0,
        requestsPerSecond: 0,
        ttftBuckets: new Map(),
        e2eBuckets: new Map(),
      };
      steps.set(t, s);
      return s;
    };
    for (const { value } of results) {
      const [prompt, generation, requests, ttft, e2e] = value;
      for (const [series, field] of [
        [prompt, 'promptTokensPerSecond'],
        [generation, 'generationTokensPerSecond'],
        [requests, 'requestsPerSecond'],
      ] as const) {
        for (const s of series) {
          for (const [t, v] of s.values) {
            if (Number.isFinite(v)) step(t)[field] += v;
          }
        }
      }
      for (const [series, field] of [
        [ttft, 'ttftBuckets'],
        [e2e, 'e2eBuckets'],
      ] as const) {
        for (const s of series) {
          for (const [t, v] of s.values)
            addBucket(step(t)[field], s.metric.le, v);
        }
      }
    }
    return { steps, errors };
  }
}
