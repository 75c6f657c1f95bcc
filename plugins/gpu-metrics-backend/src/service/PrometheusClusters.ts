import { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { ClusterError } from '@ai-platform/plugin-gpu-metrics-common';
import { GpuMetricsConfig } from '../config/GpuMetricsConfig';
import { PodLister } from '../kubernetes/KubernetesPods';
import { GpuQueries } from '../prometheus/GpuQueries';
import {
  PrometheusClient,
  PrometheusQuerier,
} from '../prometheus/PrometheusClient';

/**
 * The clusters that have a Prometheus, each with its client (made once and
 * kept, so its cache lasts) and its queries, and a way to ask all of them at
 * once with per-cluster errors.
 */
export class PrometheusClusters {
  private readonly queriers = new Map<string, PrometheusQuerier>();

  static create(options: {
    config: GpuMetricsConfig;
    /** The Kubernetes clusters a `*` Prometheus stands for. */
    pods: PodLister;
    logger: LoggerService;
  }): PrometheusClusters {
    return new PrometheusClusters(options);
  }

  private constructor(
    private readonly options: {
      config: GpuMetricsConfig;
      pods: PodLister;
      logger: LoggerService;
    },
  ) {}

  /** Clusters with a Prometheus. */
  clusters(): string[] {
    const { prometheus } = this.options.config;
    const named = prometheus.map(p => p.cluster).filter(c => c !== '*');
    const wildcard = prometheus.some(p => p.cluster === '*');
    return [
      ...new Set([...named, ...(wildcard ? this.options.pods.clusters() : [])]),
    ];
  }

  /** The Prometheus of a cluster: its own, else the `*` one. */
  querier(cluster: string): PrometheusQuerier {
    const { config, logger } = this.options;
    let querier = this.queriers.get(cluster);
    if (!querier) {
      const source =
        config.prometheus.find(p => p.cluster === cluster) ??
        config.prometheus.find(p => p.cluster === '*');
      if (!source) {
        throw new Error(`No Prometheus configured for cluster '${cluster}'`);
      }
      querier = PrometheusClient.create({
        cluster,
        configuredAs: source.cluster,
        logger,
        url: source.url,
        headers: source.headers,
        cacheTtlMs: config.cacheTtlMs,
        timeoutMs: config.timeoutMs,
      });
      this.queriers.set(cluster, querier);
    }
    return querier;
  }

  /** The PromQL of a cluster's metrics. */
  queries(cluster: string): GpuQueries {
    const { metrics, clusterLabel } = this.options.config;
    return GpuQueries.forCluster({ metrics, clusterLabel, cluster });
  }

  /**
   * Runs `fn` for each cluster; failures become `errors[]`, and when every
   * cluster was unavailable the whole request is a 503.
   */
  async perCluster<T>(
    clusters: string[],
    fn: (cluster: string) => Promise<T>,
  ): Promise<{
    results: Array<{ cluster: string; value: T }>;
    errors: ClusterError[];
  }> {
    const settled = await Promise.allSettled(clusters.map(c => fn(c)));
    const results: Array<{ cluster: string; value: T }> = [];
    const errors: ClusterError[] = [];
    const unavailable: string[] = [];
    settled.forEach((s, i) => {
      if (s.status === 'fulfilled') {
        results.push({ cluster: clusters[i], value: s.value });
      } else {
        const message = String(s.reason?.message ?? s.reason);
        errors.push({ cluster: clusters[i], message });
        if (s.reason instanceof ServiceUnavailableError) {
          unavailable.push(message);
        }
        this.options.logger.warn('GPU metrics of a cluster failed', {
          cluster: clusters[i],
          error: message,
        });
      }
    });
    if (clusters.length > 0 && unavailable.length === clusters.length) {
      throw new ServiceUnavailableError(unavailable.join('; '));
    }
    return { results, errors };
  }
}
