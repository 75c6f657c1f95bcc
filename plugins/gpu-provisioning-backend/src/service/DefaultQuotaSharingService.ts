import {
  CallAuditor,
  CatalogGroupTree,
  parseInput,
  TeamMembership,
} from '@ai-platform/plugin-ai-platform-node';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  gpuCapacityReadPermission,
  QuotaSharingResponse,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { z } from 'zod';
import { teamRefKey } from '../catalog/refKeys';
import {
  GpuProvisioningConfig,
  quotaKeyOf,
} from '../config/GpuProvisioningConfig';
import { describeApiError } from '../kubernetes/apiErrors';
import {
  classesOnCluster,
  quotaKeysOnCluster,
} from '../kueue/classesOnCluster';
import { clusterQueueName, flavorName } from '../kueue/clusterQueueName';
import { ClusterQueueStore } from '../kueue/KubernetesClusterQueues';
import { quotaSharingOf } from '../kueue/quotaSharingOf';
import { schedulerQuotaSharingOf } from '../kubernetes/schedulers/schedulerQuotaSharingOf';
import { TeamQueueSync } from '../kubernetes/schedulers/TeamQueueSync';
import { CapacityReader } from '../types';
import { RequestPermissions } from './RequestPermissions';
import { assertMayReadTeamQuota } from './TeamQuotaAccess';
import { GpuRequestCallContext, QuotaSharingService } from './types';

const querySchema = z
  .object({
    team: z
      .string({ error: 'is required: the group entity ref of the team' })
      .min(1, { error: 'is required: the group entity ref of the team' })
      .max(255, { error: 'must be at most 255 characters' }),
  })
  .strict();

interface Options {
  /** The Kueue clusters and their ClusterQueues; without them, no cluster is Kueue's. */
  kueue?: { clusterQueues: ClusterQueueStore; kueueClusters: string[] };
  /** The sharing departments' queues on KAI Scheduler and Volcano clusters; none by default. */
  schedulerQueues?: Pick<
    TeamQueueSync,
    'clusterNames' | 'listQueues' | 'teamQueueName'
  >;
  config: Pick<
    GpuProvisioningConfig,
    'gpuClasses' | 'kueueFlavors' | 'clusterQueueTemplate'
  >;
  /** The clusters' GPU classes: a class a cluster has no nodes of is left out. */
  capacity: CapacityReader;
  groupTree: CatalogGroupTree;
  membership: TeamMembership;
  permissions: RequestPermissions;
  audit: CallAuditor;
}

/**
 * A team's Kueue quota sharing: on each Kueue cluster, one list of its
 * ClusterQueues gives the team's queue and its cohort's members with their
 * quota, use, loans and limits, for the GPU classes the cluster has (a
 * configured class without nodes there has nothing to share). Readable as
 * the team's quota is.
 */
export class DefaultQuotaSharingService implements QuotaSharingService {
  static create(options: Options): DefaultQuotaSharingService {
    return new DefaultQuotaSharingService(options);
  }

  private constructor(private readonly options: Options) {}

  quotaSharing(
    context: GpuRequestCallContext & { query: unknown },
  ): Promise<QuotaSharingResponse> {
    return this.options.audit.run(
      context,
      { eventId: 'gpu-quota-sharing-read', severityLevel: 'low' },
      () => this.answer(context),
    );
  }

  private async answer(
    context: GpuRequestCallContext & { query: unknown },
  ): Promise<QuotaSharingResponse> {
    const { permissions, config, kueue } = this.options;
    await permissions.authorizeBasic(
      context.credentials,
      gpuCapacityReadPermission,
      'read GPU capacity',
    );
    const query = parseInput(querySchema, context.query, {
      unknownKey: 'field',
    });
    const team = teamRefKey(query.team);
    await assertMayReadTeamQuota(this.options, context.credentials, team);

    const clusterQueue = clusterQueueName(
      config.clusterQueueTemplate,
      parseEntityRef(team).name,
    );
    const classOfFlavor = Object.fromEntries(
      config.gpuClasses.map(c => [flavorName(config.kueueFlavors, c.id), c.id]),
    );
    const kueueClusters = kueue?.kueueClusters ?? [];
    const queueClusters = this.options.schedulerQueues?.clusterNames() ?? [];
    // One (cached) capacity reading for every cluster. A failed reading is
    // the capacity page's error to show; here it only leaves classes unfiltered.
    const reading =
      kueueClusters.length + queueClusters.length > 0
        ? await this.options.capacity.read().catch(() => undefined)
        : undefined;
    const answers = await Promise.all(
      kueueClusters.map(async cluster => {
        try {
          const clusterQueues = await kueue!.clusterQueues.list(cluster);
          const item = quotaSharingOf({
            cluster,
            clusterQueue,
            clusterQueues,
            classOfFlavor,
          });
          // Whole GPUs of a class the cluster has; a MIG profile only where
          // its nodes are partitioned into it.
          const present =
            reading &&
            quotaKeysOnCluster(this.options.capacity, reading, cluster);
          return {
            item:
              item && present
                ? {
                    ...item,
                    classes: item.classes.filter(c =>
                      present.has(quotaKeyOf(c)),
                    ),
                  }
                : item,
          };
        } catch (error) {
          return { error: { cluster, message: describeApiError(error) } };
        }
      }),
    );
    const teamName = parseEntityRef(team).name;
    const queueAnswers = await Promise.all(
      queueClusters.map(async cluster => {
        const queues = this.options.schedulerQueues!;
        try {
          const listed = await queues.listQueues(cluster);
          const present =
            reading &&
            classesOnCluster(this.options.capacity, reading, cluster);
          // KAI and Volcano count every class together: the class, when
          // the cluster has one.
          const only =
            present && present.size === 1 ? [...present][0] : undefined;
          return {
            item: schedulerQuotaSharingOf({
              cluster,
              scheduler: listed.scheduler,
              teamQueue: queues.teamQueueName(listed.scheduler, teamName),
              queues: listed.queues,
              gpuClass: only ?? 'nvidia.com/gpu',
            }),
          };
        } catch (error) {
          return { error: { cluster, message: describeApiError(error) } };
        }
      }),
    );
    const all = [...answers, ...queueAnswers];
    return {
      team,
      items: all.flatMap(a => (a.item ? [a.item] : [])),
      errors: all.flatMap(a => (a.error ? [a.error] : [])),
    };
  }
}
