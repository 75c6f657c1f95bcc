import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ClusterRegistry } from '@ai-platform/plugin-ai-platform-node';
import { KubeConfig } from '@kubernetes/client-node';

/** A cluster of `kubernetes.clusterLocatorMethods[type=config].clusters` the module can read. */
export interface ReadableCluster {
  name: string;
  title?: string;
  kubeConfig: KubeConfig;
}

/**
 * The clusters of the suite's cluster registry the module can read, each
 * with the registry's `KubeConfig` (never an ambient kubeconfig). Clusters
 * the registry cannot use are skipped with a warning.
 */
export function readableClustersFromConfig(
  config: Config,
  logger: LoggerService,
  /** The injected `aiPlatformClustersServiceRef`; read from `config` when absent. */
  registry: ClusterRegistry = ClusterRegistry.fromConfig(config),
): ReadableCluster[] {
  const clusters: ReadableCluster[] = [];
  for (const { name, title, unusable } of registry.listClusters()) {
    if (unusable) {
      logger.warn(
        'The model catalog cannot read KServe objects on a Kubernetes cluster',
        { cluster: name, reason: unusable.message },
      );
      continue;
    }
    clusters.push({ name, title, kubeConfig: registry.kubeConfig(name) });
  }
  return clusters;
}
