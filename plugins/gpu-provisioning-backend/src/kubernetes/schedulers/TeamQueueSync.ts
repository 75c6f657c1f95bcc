import { CatalogGroupTree } from '@ai-platform/plugin-ai-platform-node';
import { LoggerService } from '@backstage/backend-plugin-api';
import { KubernetesObject, KubernetesObjectApi } from '@kubernetes/client-node';
import { teamRefKey } from '../../catalog/refKeys';
import { GpuProvisioningConfig } from '../../config/GpuProvisioningConfig';
import { schedulerOf } from '../../config/schedulerConfig';
import { classesOnCluster } from '../../kueue/classesOnCluster';
import { cohortTeams } from '../../kueue/cohortTeams';
import { quotaLimitOf } from '../../policy/quotaLimitOf';
import { CapacityReader, GrantSpec } from '../../types';
import { applyOwnedObject } from '../applyOwnedObject';
import { describeApiError, isNotFound } from '../apiErrors';
import { GRANT_ANNOTATIONS, GRANT_LABELS, MANAGED_BY } from '../grantLabels';
import { GrantSharing, teamQueueName } from './grantQueue';
import { KAI_QUEUE_VERSION } from './kai';
import { queueParentOf } from './queueParent';
import {
  DEPARTMENT_ANNOTATION,
  kaiTeamQueues,
  teamShare,
  volcanoTeamQueueName,
  volcanoTeamQueues,
} from './teamQueues';
import { VOLCANO_QUEUE_VERSION } from './volcano';

/** What one pass did. */
export interface TeamQueueSyncSummary {
  applied: number;
  /** `cluster/Kind/name` of queues of that name the portal did not make, left alone. */
  notOurs: string[];
  /** `cluster/Kind/name` of department and team queues the config no longer has, deleted. */
  removed: string[];
  /** `cluster/Kind/name` of such queues kept while queues below them (grants') remain. */
  staleInUse: string[];
  errors: Array<{ cluster: string; message: string }>;
}

/**
 * Keeps the queues of the sharing departments' teams on every KAI Scheduler
 * and Volcano cluster as config and the teams' quotas say (server-side
 * apply): a department queue and a queue per team under it (see
 * `kaiTeamQueues`, `volcanoTeamQueues`), counting the GPU classes the
 * cluster has. Queues of the same name the portal did not create are left
 * alone, with a warning. It also answers how far a grant of such a team may
 * borrow, for its grant queue and ResourceQuota.
 *
 * As Kueue's {@link ClusterQueueSync} does, a department or team queue the
 * portal made that the config no longer has (its department was dropped,
 * or the team left it) is deleted, so its quota stops counting; while a
 * queue below it remains (a grant's queue under a team's), it is kept, and
 * removed on the first pass after that grant ends.
 */
export class TeamQueueSync {
  static create(options: {
    objects: (cluster: string) => KubernetesObjectApi;
    /** The clusters whose grants go through KAI Scheduler or Volcano. */
    clusters: string[];
    config: GpuProvisioningConfig;
    groupTree: Pick<CatalogGroupTree, 'descendants' | 'ancestors'>;
    capacity?: CapacityReader;
    logger: LoggerService;
  }) {
    return new TeamQueueSync(options);
  }

  private constructor(
    private readonly options: Parameters<typeof TeamQueueSync.create>[0],
  ) {}

  isConfigured(): boolean {
    return (
      this.options.clusters.length > 0 &&
      this.options.config.kueueCohorts.length > 0
    );
  }

  /** The KAI and Volcano clusters whose team queues it keeps. */
  clusterNames(): string[] {
    return this.isConfigured() ? this.options.clusters : [];
  }

  /** The cluster's scheduler and its Queues: one list call. */
  async listQueues(
    cluster: string,
  ): Promise<{ scheduler: 'kai' | 'volcano'; queues: KubernetesObject[] }> {
    const scheduler =
      schedulerOf(this.options.config, cluster) === 'kai' ? 'kai' : 'volcano';
    const list = await this.options
      .objects(cluster)
      .list(
        scheduler === 'kai' ? KAI_QUEUE_VERSION : VOLCANO_QUEUE_VERSION,
        'Queue',
      );
    return { scheduler, queues: list.items };
  }

  /** The name of a team's queue on a cluster of the given scheduler. */
  teamQueueName(scheduler: 'kai' | 'volcano', teamName: string): string {
    return scheduler === 'kai'
      ? teamQueueName(
          this.options.config.kai.parentQueueTemplate,
          teamName,
          'gpuProvisioning.kai.parentQueueTemplate',
        )
      : volcanoTeamQueueName(this.options.config, teamName);
  }

  /** How far the grant may borrow; undefined when its team shares nothing there. */
  async sharingOf(grant: GrantSpec): Promise<GrantSharing | undefined> {
    const { config, groupTree } = this.options;
    const { request } = grant;
    const scheduler = schedulerOf(config, request.cluster);
    if (scheduler !== 'kai' && scheduler !== 'volcano') return undefined;
    if (!this.isConfigured() || request.migProfile) return undefined;
    const teams = await cohortTeams(groupTree, config.kueueCohorts);
    const team = teamRefKey(request.team);
    const member = teams.find(t => t.team === team);
    if (!member) return undefined;
    const others = teams
      .filter(t => t.cohort === member.cohort && t.team !== team)
      .reduce(
        (sum, t) => sum + quotaLimitOf(config, t.team, request.gpuClass),
        0,
      );
    const limit =
      member.config.teams[team]?.borrowingLimit?.[request.gpuClass] ??
      member.config.borrowingLimit[request.gpuClass];
    return {
      // No more than the rest of the department holds.
      borrowable: Math.min(limit ?? others, others),
      reclaimable: member.config.reclaimWithinCohort !== 'Never',
    };
  }

  async syncOnce(): Promise<TeamQueueSyncSummary> {
    const { config, groupTree, capacity, logger } = this.options;
    const summary: TeamQueueSyncSummary = {
      applied: 0,
      notOurs: [],
      removed: [],
      staleInUse: [],
      errors: [],
    };
    if (!this.isConfigured()) return summary;
    const teams = await cohortTeams(groupTree, config.kueueCohorts);
    // A failed reading only leaves every class counted.
    const reading = capacity
      ? await capacity.read().catch(() => undefined)
      : undefined;
    for (const cluster of this.options.clusters) {
      try {
        const present =
          capacity && reading
            ? classesOnCluster(capacity, reading, cluster)
            : undefined;
        const classIds = config.gpuClasses
          .map(c => c.id)
          .filter(id => !present || present.has(id));
        const shares = teams.map(t => teamShare(t, config, classIds));
        const queues =
          schedulerOf(config, cluster) === 'kai'
            ? kaiTeamQueues(shares, config)
            : volcanoTeamQueues(shares, config);
        const api = this.options.objects(cluster);
        // Departments first: a team queue names its parent.
        for (const queue of queues) {
          if ((await applyOwnedObject(api, queue)) === 'applied') {
            summary.applied++;
          } else {
            const name = `${cluster}/${queue.kind}/${queue.metadata.name}`;
            summary.notOurs.push(name);
            logger.warn(
              'A sharing team queue exists and was not made by the portal; it is left as it is',
              { cluster, queue: queue.metadata.name },
            );
          }
        }
        await this.removeStale(cluster, queues, summary);
      } catch (error) {
        const message = describeApiError(error);
        summary.errors.push({ cluster, message });
        logger.warn('Could not apply the sharing team queues of a cluster', {
          cluster,
          error: message,
        });
      }
    }
    return summary;
  }

  /**
   * Deletes the cluster's portal-made department and team queues that are
   * not in `wanted`, children first; one with a queue still below it is
   * kept. Grant queues are the lifecycle's, never touched here.
   */
  private async removeStale(
    cluster: string,
    wanted: KubernetesObject[],
    summary: TeamQueueSyncSummary,
  ): Promise<void> {
    const { logger } = this.options;
    const { queues } = await this.listQueues(cluster);
    const wantedNames = new Set(wanted.map(q => q.metadata!.name!));
    const stale = queues.filter(queue => {
      const { labels = {}, annotations = {} } = queue.metadata ?? {};
      return (
        labels[GRANT_LABELS.managedBy] === MANAGED_BY &&
        labels[GRANT_LABELS.grantId] === undefined &&
        (annotations[DEPARTMENT_ANNOTATION] !== undefined ||
          annotations[GRANT_ANNOTATIONS.team] !== undefined) &&
        !wantedNames.has(queue.metadata!.name!)
      );
    });
    if (stale.length === 0) return;
    const remaining = new Set(queues.map(q => q.metadata!.name!));
    const hasChildren = (name: string) =>
      queues.some(
        q => remaining.has(q.metadata!.name!) && queueParentOf(q) === name,
      );
    // Teams before their departments: a department empties as its teams go.
    const teamsFirst = [...stale].sort(
      (a, b) =>
        Number(a.metadata?.annotations?.[DEPARTMENT_ANNOTATION] !== undefined) -
        Number(b.metadata?.annotations?.[DEPARTMENT_ANNOTATION] !== undefined),
    );
    const api = this.options.objects(cluster);
    for (const queue of teamsFirst) {
      const name = queue.metadata!.name!;
      const id = `${cluster}/${queue.kind}/${name}`;
      if (hasChildren(name)) {
        summary.staleInUse.push(id);
        logger.warn(
          'A sharing queue the config no longer has is kept while queues below it remain',
          { cluster, queue: name },
        );
        continue;
      }
      try {
        await api.delete({
          apiVersion: queue.apiVersion,
          kind: queue.kind,
          metadata: { name },
        });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      remaining.delete(name);
      summary.removed.push(id);
      logger.info('Removed a sharing queue the config no longer has', {
        cluster,
        queue: name,
      });
    }
  }
}
