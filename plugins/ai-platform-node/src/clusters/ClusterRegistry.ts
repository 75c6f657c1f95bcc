import { Config } from '@backstage/config';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  ApiConstructor,
  ApiType,
  KubeConfig,
  KubernetesObjectApi,
  User,
} from '@kubernetes/client-node';
import { KeepAliveKubeConfig } from './KeepAliveKubeConfig';
import { readConfigClusters } from './readConfigClusters';
import { RegisteredCluster } from './types';

interface Entry {
  cluster: RegisteredCluster;
  user?: User;
  clients: Map<ApiConstructor<ApiType>, ApiType>;
  objects?: KubernetesObjectApi;
}

/**
 * The clusters of Backstage's `kubernetes` config, read once for the whole
 * suite, and a `@kubernetes/client-node` client per cluster built from the
 * cluster's own URL, CA and credential with `KubeConfig.loadFromOptions`,
 * never from an ambient kubeconfig. Callers never see or build credentials.
 *
 * A cluster the suite cannot use (another auth provider, no token) stays
 * listed with the reason, and asking for its client fails naming it, so one
 * bad entry does not take the others down.
 *
 * @public
 */
export class ClusterRegistry {
  private constructor(
    private readonly entries: Map<string, Entry>,
    private readonly ignoredLocators: string[],
  ) {}

  /**
   * Reads `kubernetes.clusterLocatorMethods`; no `kubernetes` config means no
   * clusters. Malformed config throws an `InputError` naming the key.
   */
  static fromConfig(
    config: Config,
    options: {
      /** The service account token used when a cluster has none; the pod's by default. */
      inClusterTokenPath?: string;
      /** The CA file used with that token when a cluster has no CA; the pod's by default. */
      inClusterCaPath?: string;
    } = {},
  ): ClusterRegistry {
    const read = readConfigClusters(config, options);
    const entries = new Map<string, Entry>();
    for (const { cluster, user } of read.clusters) {
      entries.set(cluster.name, { cluster, user, clients: new Map() });
    }
    return new ClusterRegistry(entries, read.ignoredLocatorTypes);
  }

  /** Every configured cluster, usable or not, in config order; no credentials. */
  listClusters(): RegisteredCluster[] {
    return [...this.entries.values()].map(e => ({ ...e.cluster }));
  }

  /** The clusters the suite can act on. */
  usableClusters(): RegisteredCluster[] {
    return this.listClusters().filter(c => !c.unusable);
  }

  /** One cluster; throws `NotFoundError` naming an unknown one. */
  getCluster(name: string): RegisteredCluster {
    return { ...this.entry(name).cluster };
  }

  /** Types of the cluster locators other than `config`, which are not read. */
  ignoredLocatorTypes(): string[] {
    return [...this.ignoredLocators];
  }

  /**
   * A new KubeConfig holding only this cluster and its credential, whose
   * calls keep their connections alive (`KeepAliveKubeConfig`). Throws
   * `NotFoundError` for an unknown cluster, `ServiceUnavailableError` for an
   * unusable one.
   */
  kubeConfig(name: string): KubeConfig {
    const { cluster, user } = this.usableEntry(name);
    const kc = new KeepAliveKubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server: cluster.url,
          caData: cluster.caData,
          caFile: cluster.caFile,
          skipTLSVerify: cluster.skipTLSVerify,
        },
      ],
      users: [user],
      contexts: [
        { name: cluster.name, cluster: cluster.name, user: user.name },
      ],
      currentContext: cluster.name,
    });
    return kc;
  }

  /**
   * A typed API client of one cluster (`CoreV1Api`, `CustomObjectsApi`, ...),
   * made once per cluster and API and then reused.
   */
  makeApiClient<T extends ApiType>(name: string, api: ApiConstructor<T>): T {
    const entry = this.usableEntry(name);
    let client = entry.clients.get(api);
    if (!client) {
      client = this.kubeConfig(name).makeApiClient(api);
      entry.clients.set(api, client);
    }
    return client as T;
  }

  /** The generic object client of one cluster (server-side apply, any kind). */
  objects(name: string): KubernetesObjectApi {
    const entry = this.usableEntry(name);
    entry.objects ??= KubernetesObjectApi.makeApiClient(this.kubeConfig(name));
    return entry.objects;
  }

  private usableEntry(name: string): Entry & { user: User } {
    const entry = this.entry(name);
    if (entry.cluster.unusable || !entry.user) {
      throw new ServiceUnavailableError(
        entry.cluster.unusable?.message ??
          `Kubernetes cluster '${name}' has no credential`,
      );
    }
    return entry as Entry & { user: User };
  }

  private entry(name: string): Entry {
    const entry = this.entries.get(name);
    if (!entry) {
      throw new NotFoundError(
        `No Kubernetes cluster named '${name}' in kubernetes.clusterLocatorMethods (known: ${
          [...this.entries.keys()].join(', ') || 'none'
        })`,
      );
    }
    return entry;
  }
}
