import { CatalogGroupTree } from '@ai-platform/plugin-ai-platform-node';
import { LoggerService } from '@backstage/backend-plugin-api';
import { KubernetesObject } from '@kubernetes/client-node';
import { GpuProvisioningConfig } from '../config/GpuProvisioningConfig';
import { describeApiError } from '../kubernetes/apiErrors';
import {
  GRANT_ANNOTATIONS,
  GRANT_LABELS,
  MANAGED_BY,
} from '../kubernetes/grantLabels';
import { flavorName } from './clusterQueueName';
import { cohortTeams } from './cohortTeams';
import { ClusterQueueStore } from './KubernetesClusterQueues';
import { KUEUE_API_VERSION, teamClusterQueue } from './teamClusterQueue';

/** What one pass did, per cluster. */
export interface ClusterQueueSyncSummary {
  applied: number;
  notOurs: string[];
  /** `cluster/name` of team queues the config no longer has, deleted. */
  removed: string[];
  /** `cluster/name` of such queues kept while a LocalQueue still points at them. */
  staleInUse: string[];
  errors: Array<{ cluster: string; message: string }>;
}

/**
 * Keeps the ClusterQueues of the configured departments' teams on every
 * Kueue cluster as config and the teams' quotas say (server-side apply, so a
 * pass that changes nothing changes nothing), with a ResourceFlavor per GPU
 * class created when missing. Queues of the same name the portal did not
 * create belong to the platform team and are left alone, with a warning.
 *
 * A team queue the portal made that the config no longer has (the team left
 * the department, or its cohort was removed) is deleted, so its quota stops
 * counting in a cohort it is no longer part of; while a grant's LocalQueue
 * still points at it, it is kept (deleting it would stop that grant's jobs
 * from being admitted) and removed on the first pass after the grant ends.
 */
export class ClusterQueueSync {
  static create(options: {
    store: ClusterQueueStore;
    config: GpuProvisioningConfig;
    groupTree: Pick<CatalogGroupTree, 'descendants' | 'ancestors'>;
    /** The clusters whose grants go through Kueue. */
    kueueClusters: string[];
    logger: LoggerService;
  }) {
    return new ClusterQueueSync(options);
  }

  private constructor(
    private readonly options: Parameters<typeof ClusterQueueSync.create>[0],
  ) {}

  /** Whether there is anything to keep: a Kueue cluster and a configured cohort. */
  isConfigured(): boolean {
    return (
      this.options.kueueClusters.length > 0 &&
      this.options.config.kueueCohorts.length > 0
    );
  }

  async syncOnce(): Promise<ClusterQueueSyncSummary> {
    const { store, config, groupTree, kueueClusters, logger } = this.options;
    const summary: ClusterQueueSyncSummary = {
      applied: 0,
      notOurs: [],
      removed: [],
      staleInUse: [],
      errors: [],
    };
    if (!this.isConfigured()) return summary;
    const teams = await cohortTeams(groupTree, config.kueueCohorts);
    const queues = teams.map(team => teamClusterQueue(team, config));
    const flavors = config.gpuClasses.map(
      gpuClass =>
        ({
          apiVersion: KUEUE_API_VERSION,
          kind: 'ResourceFlavor',
          metadata: {
            name: flavorName(config.kueueFlavors, gpuClass.id),
            labels: { [GRANT_LABELS.managedBy]: MANAGED_BY },
          },
          spec: {
            nodeLabels: { 'nvidia.com/gpu.product': gpuClass.productLabel },
          },
        } as KubernetesObject),
    );
    for (const cluster of kueueClusters) {
      try {
        for (const flavor of flavors) {
          await store.createIfMissing(cluster, flavor);
        }
        for (const queue of queues) {
          const outcome = await store.apply(cluster, queue);
          if (outcome === 'applied') {
            summary.applied++;
          } else {
            summary.notOurs.push(`${cluster}/${queue.metadata!.name}`);
            logger.warn(
              'A team ClusterQueue of a cohort exists and was not made by the portal; it is left as it is',
              { cluster, clusterQueue: queue.metadata!.name! },
            );
          }
        }
        await this.removeStale(cluster, queues, summary);
      } catch (error) {
        const message = describeApiError(error);
        summary.errors.push({ cluster, message });
        logger.warn('Could not apply the team ClusterQueues of a cluster', {
          cluster,
          error: message,
        });
      }
    }
    return summary;
  }

  /** Deletes the cluster's portal-made team queues that are not in `wanted`, unless in use. */
  private async removeStale(
    cluster: string,
    wanted: KubernetesObject[],
    summary: ClusterQueueSyncSummary,
  ): Promise<void> {
    const { store, logger } = this.options;
    const wantedNames = new Set(wanted.map(q => q.metadata!.name!));
    const stale = (await store.list(cluster))
      .filter(
        q =>
          q.metadata?.labels?.[GRANT_LABELS.managedBy] === MANAGED_BY &&
          q.metadata?.annotations?.[GRANT_ANNOTATIONS.team] !== undefined &&
          !wantedNames.has(q.metadata.name!),
      )
      .map(q => q.metadata!.name!);
    if (stale.length === 0) return;
    const inUse = new Set(
      (await store.listLocalQueues(cluster)).map(
        lq => (lq as { spec?: { clusterQueue?: string } }).spec?.clusterQueue,
      ),
    );
    for (const name of stale) {
      if (inUse.has(name)) {
        summary.staleInUse.push(`${cluster}/${name}`);
        logger.warn(
          'A team ClusterQueue the config no longer has is kept while grants use it',
          { cluster, clusterQueue: name },
        );
        continue;
      }
      await store.remove(cluster, name);
      summary.removed.push(`${cluster}/${name}`);
      logger.info('Removed a team ClusterQueue the config no longer has', {
        cluster,
        clusterQueue: name,
      });
    }
  }
}
