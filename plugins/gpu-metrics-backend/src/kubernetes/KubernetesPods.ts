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

  async listPods(
    cluster: string,
    selector: WorkloadSelector,
  ): Promise<WorkloadPod[]> {
    const client = this.clients.get(cluster);
    if (!client?.core) {
      throw new Error(
        client?.unusable ?? `No Kubernetes cluster named '${cluster}'`,
      );
    }
    const list = selector.namespace
      ? await client.core.listNamespacedPod({
          namespace: selector.namespace,
          labelSelector: selector.labelSelector,
        })
      : await client.core.listPodForAllNamespaces({
          labelSelector: selector.labelSelector,
        });
    return list.items.map(p => ({
      cluster,
      namespace: p.metadata?.namespace ?? '',
      pod: p.metadata?.name ?? '',
    }));
  }
}
