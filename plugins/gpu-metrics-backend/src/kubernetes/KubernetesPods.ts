import { Config } from '@backstage/config';
import { ClusterRegistry } from '@ai-platform/plugin-ai-platform-node';
import { CoreV1Api } from '@kubernetes/client-node';
import { WorkloadSelector } from './workloadSelector';

/** A running pod of an entity. */
export interface WorkloadPod {
  cluster: string;
  namespace: string;
  pod: string;
}

/** Lists an entity's pods on every cluster. */
export interface PodLister {
  clusters(): string[];
  listPods(cluster: string, selector: WorkloadSelector): Promise<WorkloadPod[]>;
  /** A pod's labels, or undefined when the pod is gone. */
  podLabels(
    cluster: string,
    namespace: string,
    pod: string,
  ): Promise<Record<string, string> | undefined>;
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

  async podLabels(
    cluster: string,
    namespace: string,
    pod: string,
  ): Promise<Record<string, string> | undefined> {
    try {
      const found = await this.core(cluster).readNamespacedPod({
        namespace,
        name: pod,
      });
      return found.metadata?.labels ?? {};
    } catch (error) {
      if ((error as { code?: number }).code === 404) return undefined;
      throw error;
    }
  }

  async listPods(
    cluster: string,
    selector: WorkloadSelector,
  ): Promise<WorkloadPod[]> {
    const core = this.core(cluster);
    const list = selector.namespace
      ? await core.listNamespacedPod({
          namespace: selector.namespace,
          labelSelector: selector.labelSelector,
        })
      : await core.listPodForAllNamespaces({
          labelSelector: selector.labelSelector,
        });
    return list.items.map(p => ({
      cluster,
      namespace: p.metadata?.namespace ?? '',
      pod: p.metadata?.name ?? '',
    }));
  }
}
