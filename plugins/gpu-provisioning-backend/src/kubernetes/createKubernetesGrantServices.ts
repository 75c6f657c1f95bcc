import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  CatalogGroupTree,
  ClusterRegistry,
} from '@ai-platform/plugin-ai-platform-node';
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
import { TeamQueueSync } from './schedulers/TeamQueueSync';

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
  /** The suite's Group tree, for the sharing departments' teams; no sharing on KAI and Volcano without it. */
  groupTree?: Pick<CatalogGroupTree, 'descendants' | 'ancestors'>;
}): {
  capacity: CapacityReader;
  provisioner: GrantProvisioner;
  /** The Kueue clusters' ClusterQueues, read and applied. */
  clusterQueues: ClusterQueueStore;
  /** The clusters whose scheduler is `kueue`. */
  kueueClusters: string[];
  /** The sharing departments' team queues on KAI and Volcano clusters (stand-ins of this function may leave it out). */
  teamQueues?: TeamQueueSync;
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
  // Listings are shared: the request policy asks on every request.
  const capacity = CachedCapacityReader.create({
    reader: KubernetesCapacityReader.create({
      clusters,
      config: provisioning,
      logger,
    }),
  });
  const teamQueues = TeamQueueSync.create({
    objects: cluster => clusters.objects(cluster),
    clusters: options.groupTree
      ? clusters.names().filter(name => {
          const scheduler = schedulerOf(provisioning, name);
          return scheduler === 'kai' || scheduler === 'volcano';
        })
      : [],
    config: provisioning,
    groupTree: options.groupTree ?? {
      descendants: async () => [],
      ancestors: async () => [],
    },
    capacity,
    logger,
  });
  return {
    capacity,
    provisioner: KubernetesProvisioner.create({
      clusters,
      config: provisioning,
      logger,
      sharingOf: grant => teamQueues.sharingOf(grant),
    }),
    teamQueues,
    clusterQueues: KubernetesClusterQueues.create({ clusters }),
    kueueClusters: clusters
      .names()
      .filter(name => schedulerOf(provisioning, name) === 'kueue'),
  };
}
