import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ClusterRegistry } from '@ai-platform/plugin-ai-platform-node';
import { GpuProvisioningConfig } from '../config/GpuProvisioningConfig';
import { schedulerOf } from '../config/schedulerConfig';
import {
  ClusterQueueStore,
  KubernetesClusterQueues,
} from '../kueue/KubernetesClusterQueues';
import { CapacityReader, GrantProvisioner } from '../types';
import { CachedCapacityReader } from './CachedCapacityReader';
import { KubernetesCapacityReader } from './KubernetesCapacityReader';
import { KubernetesClusters } from './KubernetesClusters';
import { KubernetesProvisioner } from './KubernetesProvisioner';

/**
 * Builds the Kubernetes side of GPU provisioning from the suite's cluster
 * registry and the `gpuProvisioning` config: one client per cluster of
 * `kubernetes.clusterLocatorMethods` (type `config`, `serviceAccount` auth),
 * shared by the capacity reader and the provisioner.
 */
export function createKubernetesGrantServices(options: {
  /** The root config (reads `kubernetes.clusterLocatorMethods`). */
  config: Config;
  provisioning: GpuProvisioningConfig;
  logger: LoggerService;
  /** The injected `aiPlatformClustersServiceRef`; read from `config` when absent. */
  clusters?: ClusterRegistry;
}): {
  capacity: CapacityReader;
  provisioner: GrantProvisioner;
  /** The Kueue clusters' ClusterQueues, read and applied. */
  clusterQueues: ClusterQueueStore;
  /** The clusters whose scheduler is `kueue`. */
  kueueClusters: string[];
} {
  const { config, provisioning, logger } = options;
  const clusters = KubernetesClusters.fromConfig(config, {
    logger,
    registry: options.clusters,
  });
  // A misspelt cluster would quietly get the default scheduler.
  const known = new Set(clusters.names());
  for (const name of Object.keys(provisioning.clusterSchedulers)) {
    if (!known.has(name)) {
      throw new Error(
        `gpuProvisioning.clusters.${name} names no cluster of kubernetes.clusterLocatorMethods (known: ${
          [...known].join(', ') || 'none'
        })`,
      );
    }
  }
  return {
    // Listings are shared: the request policy asks on every request.
    capacity: CachedCapacityReader.create({
      reader: KubernetesCapacityReader.create({
        clusters,
        config: provisioning,
        logger,
      }),
    }),
    provisioner: KubernetesProvisioner.create({
      clusters,
      config: provisioning,
      logger,
    }),
    clusterQueues: KubernetesClusterQueues.create({ clusters }),
    kueueClusters: clusters
      .names()
      .filter(name => schedulerOf(provisioning, name) === 'kueue'),
  };
}
