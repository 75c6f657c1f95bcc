import { Config } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
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

interface ClusterClient {
  core?: CoreV1Api;
  unusable?: string;
}

/**
 * Pods on the clusters of `kubernetes.clusterLocatorMethods[type=config]`,
 * each through a client built with `KubeConfig.loadFromOptions` from the
 * cluster's URL, CA and service account token, never an ambient kubeconfig.
 */
export class KubernetesPods implements PodLister {
  private constructor(private readonly clients: Map<string, ClusterClient>) {}

  /** Reads the `kubernetes` config; none means no clusters. */
  static fromConfig(config: Config): KubernetesPods {
    const clients = new Map<string, ClusterClient>();
    for (const method of config.getOptionalConfigArray(
      'kubernetes.clusterLocatorMethods',
    ) ?? []) {
      if (method.getString('type') !== 'config') continue;
      for (const c of method.getOptionalConfigArray('clusters') ?? []) {
        const name = c.getString('name');
        const authMetadata = c.getOptional<JsonObject>('authMetadata') ?? {};
        const token =
          c.getOptionalString('serviceAccountToken') ??
          (typeof authMetadata.serviceAccountToken === 'string'
            ? authMetadata.serviceAccountToken
            : undefined);
        if (!token) {
          clients.set(name, {
            unusable: `Kubernetes cluster '${name}' has no serviceAccountToken`,
          });
          continue;
        }
        const kc = new KubeConfig();
        kc.loadFromOptions({
          clusters: [
            {
              name,
              server: c.getString('url'),
              caData: c.getOptionalString('caData'),
              caFile: c.getOptionalString('caFile'),
              skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
            },
          ],
          users: [{ name, token }],
          contexts: [{ name, cluster: name, user: name }],
          currentContext: name,
        });
        clients.set(name, { core: kc.makeApiClient(CoreV1Api) });
      }
    }
    return new KubernetesPods(clients);
  }

  clusters(): string[] {
    return [...this.clients.keys()];
  }

  private core(cluster: string): CoreV1Api {
    const client = this.clients.get(cluster);
    if (!client?.core) {
      throw new Error(
        client?.unusable ?? `No Kubernetes cluster named '${cluster}'`,
      );
    }
    return client.core;
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
