import { Config } from '@backstage/config';
import { ClusterRegistry } from '@ai-platform/plugin-ai-platform-node';
import { CoreV1Api } from '@kubernetes/client-node';

/** A running pod of an entity. */
export interface WorkloadPod {
  cluster: string;
  namespace: string;
  pod: string;
}

/** A pod with its labels, for matching selectors locally. */
export interface LabelledPod extends WorkloadPod {
  labels: Record<string, string>;
}

/** Lists pods on every cluster. */
export interface PodLister {
  clusters(): string[];
  /**
   * The pods of every namespace matching `labelSelector` (every pod when
   * absent), with their labels: one call, however many entities the caller
   * then matches them against.
   */
  listLabelledPods(
    cluster: string,
    labelSelector?: string,
  ): Promise<LabelledPod[]>;
}

/**
 * Pods on the clusters of the suite's cluster registry
 * (`kubernetes.clusterLocatorMethods[type=config]`), each read through the
 * registry's client for that cluster; credentials are the registry's job.
 */
export class KubernetesPods implements PodLister {
  private constructor(private readonly registry: ClusterRegistry) {}

  /**
   * Over `options.clusters` (the injected `aiPlatformClustersServiceRef`) or,
   * without one, the `kubernetes` config; none means no clusters.
   */
  static fromConfig(
    config: Config,
    options: { clusters?: ClusterRegistry } = {},
  ): KubernetesPods {
    return new KubernetesPods(
      options.clusters ?? ClusterRegistry.fromConfig(config),
    );
  }

  clusters(): string[] {
    return this.registry.listClusters().map(c => c.name);
  }

  private core(cluster: string): CoreV1Api {
    return this.registry.makeApiClient(cluster, CoreV1Api);
  }

  async listLabelledPods(
    cluster: string,
    labelSelector?: string,
  ): Promise<LabelledPod[]> {
    const list = await this.core(cluster).listPodForAllNamespaces(
      labelSelector ? { labelSelector } : {},
    );
    return list.items.map(p => ({
      cluster,
      namespace: p.metadata?.namespace ?? '',
      pod: p.metadata?.name ?? '',
      labels: p.metadata?.labels ?? {},
    }));
  }
}
