import { ConflictError } from '@backstage/errors';
import { KubernetesObject, KubernetesObjectApi } from '@kubernetes/client-node';
import { schedulerOf, SchedulerConfig } from '../../config/schedulerConfig';
import { GrantSpec } from '../../types';
import { describeApiError, isNotFound } from '../apiErrors';
import { GRANT_LABELS } from '../grantLabels';
import { grantNamespace } from '../grantNamespace';
import { isAppliedIn } from '../isAppliedIn';
import { toLabelValue } from '../labelValue';
import { GrantQueue } from './grantQueue';
import { KAI_QUEUE_VERSION } from './kai';
import { queueParentOf } from './queueParent';
import { VOLCANO_QUEUE_VERSION } from './volcano';

/** What a queue is found by: its kind and name (queues are cluster-scoped). */
export type QueueHeader = Pick<KubernetesObject, 'apiVersion' | 'kind'> & {
  metadata: { name: string };
};

interface Access {
  read(
    api: KubernetesObjectApi,
    header: QueueHeader,
  ): Promise<KubernetesObject | undefined>;
  serverSideApply(
    api: KubernetesObjectApi,
    obj: KubernetesObject,
  ): Promise<void>;
}

function headerOf(queue: KubernetesObject): QueueHeader {
  return {
    apiVersion: queue.apiVersion,
    kind: queue.kind,
    metadata: { name: queue.metadata!.name! },
  };
}

/**
 * The queue a grant has on its cluster, found from the request alone (the
 * cluster's scheduler and the namespace's name), so a grant whose class
 * left the config is still removed. None on ResourceQuota and Kueue clusters.
 */
export function grantQueueHeaders(
  grant: GrantSpec,
  config: Pick<SchedulerConfig, 'mode' | 'clusterSchedulers'>,
): QueueHeader[] {
  const scheduler = schedulerOf(config, grant.request.cluster);
  const name = grantNamespace(grant.request);
  if (scheduler === 'kai') {
    return [
      { apiVersion: KAI_QUEUE_VERSION, kind: 'Queue', metadata: { name } },
    ];
  }
  if (scheduler === 'volcano') {
    return [
      { apiVersion: VOLCANO_QUEUE_VERSION, kind: 'Queue', metadata: { name } },
    ];
  }
  return [];
}

/**
 * A grant's cluster-scoped queues (KAI or Volcano). A queue carries the
 * grant's id label; one of the same name without it belongs to something
 * else and is neither taken over nor deleted.
 */
export class GrantQueues {
  constructor(private readonly access: Access) {}

  private isGrantQueue(live: KubernetesObject, grant: GrantSpec): boolean {
    return (
      live.metadata?.labels?.[GRANT_LABELS.grantId] ===
      toLabelValue(grant.request.id)
    );
  }

  /** Server-side applies the queue, unless one of that name is someone else's. */
  async apply(
    api: KubernetesObjectApi,
    queue: GrantQueue,
    grant: GrantSpec,
  ): Promise<void> {
    const live = await this.access.read(api, headerOf(queue));
    if (live && !this.isGrantQueue(live, grant)) {
      throw new ConflictError(
        `${queue.kind} ${queue.metadata.name} (${queue.apiVersion}) exists and does not belong to grant ${grant.request.id}`,
      );
    }
    if (live && isAppliedIn(queue, live)) return;
    await this.access.serverSideApply(api, queue);
  }

  /** Deletes the grant's queues; idempotent, and leaves others' queues alone. */
  async remove(
    api: KubernetesObjectApi,
    queues: QueueHeader[],
    grant: GrantSpec,
  ): Promise<void> {
    for (const queue of queues) {
      const live = await this.access.read(api, headerOf(queue));
      if (!live || !this.isGrantQueue(live, grant)) continue;
      try {
        await api.delete(headerOf(queue));
      } catch (error) {
        if (isNotFound(error)) continue;
        throw new Error(
          `Could not delete ${queue.kind} ${queue.metadata.name} (${
            queue.apiVersion
          }) of grant ${grant.request.id}: ${describeApiError(error)}`,
          { cause: error },
        );
      }
    }
  }

  /**
   * The parent queues (KAI `spec.parentQueue`, Volcano `spec.parent`) the
   * grant's queues name that are not on the cluster, as `Kind/name`.
   */
  async missingParents(
    api: KubernetesObjectApi,
    queues: GrantQueue[],
  ): Promise<string[]> {
    const parents = queues.flatMap(queue => {
      const name = queueParentOf(queue);
      return name
        ? [
            {
              apiVersion: queue.apiVersion,
              kind: queue.kind,
              metadata: { name },
            },
          ]
        : [];
    });
    const lives = await Promise.all(
      parents.map(parent => this.access.read(api, parent)),
    );
    return parents
      .filter((_, i) => !lives[i])
      .map(parent => `${parent.kind}/${parent.metadata.name}`);
  }

  /** The queues that are missing or differ from what `apply` sets, as `Kind/name`. */
  async drifted(
    api: KubernetesObjectApi,
    queues: GrantQueue[],
  ): Promise<string[]> {
    const lives = await Promise.all(
      queues.map(q => this.access.read(api, headerOf(q))),
    );
    return queues
      .filter((queue, i) => !lives[i] || !isAppliedIn(queue, lives[i]!))
      .map(queue => `${queue.kind}/${queue.metadata.name}`);
  }
}
