import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  ClusterRegistry,
  RegisteredCluster,
} from '@ai-platform/plugin-ai-platform-node';
import {
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
} from '@kubernetes/client-node';

/**
 * A cluster of `kubernetes.clusterLocatorMethods[type=config].clusters`, as
 * the suite's cluster registry lists it.
 */
export type KubernetesClusterDetails = RegisteredCluster;

/**
 * GPU provisioning's view of the suite's {@link ClusterRegistry}: every
 * configured cluster, and the clients of those it can act on. Reading the
 * config and building credentials is the registry's job; this class only
 * words, in GPU provisioning's terms, why a cluster cannot be used. A
 * cluster that cannot be used stays listed and fails with a message naming
 * it, so one bad entry does not take the others down.
 */
export class KubernetesClusters {
  private constructor(private readonly registry: ClusterRegistry) {}

  /**
   * Wraps `options.registry` (the injected `aiPlatformClustersServiceRef`)
   * or, without one, reads `kubernetes.clusterLocatorMethods` itself; no
   * `kubernetes` config means no clusters.
   */
  static fromConfig(
    config: Config,
    options: {
      logger: LoggerService;
      /** The suite's registry; read from `config` when absent. */
      registry?: ClusterRegistry;
      /** The service account token file used when a cluster has no token; the pod's by default. */
      inClusterTokenPath?: string;
      /** The CA file used with that token when a cluster has no CA; the pod's by default. */
      inClusterCaPath?: string;
    },
  ): KubernetesClusters {
    const registry =
      options.registry ??
      ClusterRegistry.fromConfig(config, {
        inClusterTokenPath: options.inClusterTokenPath,
        inClusterCaPath: options.inClusterCaPath,
      });
    for (const type of registry.ignoredLocatorTypes()) {
      options.logger.info(
        'GPU provisioning ignores a Kubernetes cluster locator that is not of type config',
        { type },
      );
    }
    const clusters = new KubernetesClusters(registry);
    for (const { name, unusable } of registry.listClusters()) {
      if (unusable) {
        options.logger.warn(
          'GPU provisioning cannot use a Kubernetes cluster',
          {
            cluster: name,
            reason: clusters.unusableReason(name),
          },
        );
      }
    }
    return clusters;
  }

  /** Every configured cluster's name, usable or not. */
  names(): string[] {
    return this.registry.listClusters().map(c => c.name);
  }

  /** A cluster's details; throws `NotFoundError` naming an unknown cluster. */
  details(cluster: string): KubernetesClusterDetails {
    return this.registry.getCluster(cluster);
  }

  /** A KubeConfig for one cluster; throws for an unknown or unusable one. */
  kubeConfig(cluster: string): KubeConfig {
    this.assertUsable(cluster);
    return this.registry.kubeConfig(cluster);
  }

  /** The generic object client of a cluster (server-side apply, any kind). */
  objects(cluster: string): KubernetesObjectApi {
    this.assertUsable(cluster);
    return this.registry.objects(cluster);
  }

  /** The core/v1 client of a cluster. */
  core(cluster: string): CoreV1Api {
    this.assertUsable(cluster);
    return this.registry.makeApiClient(cluster, CoreV1Api);
  }

  private assertUsable(cluster: string): void {
    const reason = this.unusableReason(cluster);
    if (reason) throw new Error(reason);
  }

  /** Why GPU provisioning cannot use a cluster, in its own words; throws `NotFoundError` for an unknown one. */
  private unusableReason(cluster: string): string | undefined {
    const { unusable } = this.registry.getCluster(cluster);
    if (unusable?.reason === 'auth-provider') {
      return `Kubernetes cluster '${cluster}' uses the auth provider '${
        unusable.authProvider || '(none)'
      }'; GPU provisioning needs 'serviceAccount'`;
    }
    if (unusable?.reason === 'no-credential') {
      return `Kubernetes cluster '${cluster}' has no serviceAccountToken and the backend runs outside a cluster`;
    }
    return undefined;
  }
}
