import { CallAuditor } from '@ai-platform/plugin-ai-platform-node';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  GpuRequest,
  GpuProvisioningApiComponents,
  gpuRequestReadPermission,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { KubernetesObjectApi } from '@kubernetes/client-node';
import {
  GpuProvisioningConfig,
  gpuResourceOf,
} from '../config/GpuProvisioningConfig';
import { schedulerOf } from '../config/schedulerConfig';
import { GrantStore } from '../database/types';
import { describeApiError } from '../kubernetes/apiErrors';
import { flavorName } from '../kueue/clusterQueueName';
import { readKueueWaitQueue } from '../kueue/kueueWaitQueue';
import { loadRequest } from '../service/loadRequest';
import { RequestPermissions } from '../service/RequestPermissions';
import { GpuRequestCallContext } from '../service/types';
import { CapacityReader } from '../types';
import { readSchedulerWaitQueue } from '../kubernetes/schedulers/schedulerWaitQueue';
import { readPodWaitQueue } from './podWaitQueue';
import { PlacedQueue, placeInQueue, QueueFacts } from './queuePosition';

/** `GET /requests/{id}/queue-position`'s answer (its OpenAPI schema `QueuePosition`). */
export type QueuePositionResponse =
  GpuProvisioningApiComponents['schemas']['QueuePosition'];

/** Where a granted request's waiting work stands in its cluster's queue. */
export interface QueuePositionService {
  position(
    context: GpuRequestCallContext & { id: string },
  ): Promise<QueuePositionResponse>;
}

interface Options {
  store: Pick<GrantStore, 'get' | 'list'>;
  capacity: CapacityReader;
  config: Pick<
    GpuProvisioningConfig,
    'gpuClasses' | 'kueueFlavors' | 'mode' | 'clusterSchedulers'
  >;
  /** The object client of a cluster; throws for an unknown or unusable one. */
  objects: (cluster: string) => KubernetesObjectApi;
  permissions: RequestPermissions;
  audit: CallAuditor;
  now?: () => Date;
}

/**
 * "Will my job start, and when?" for a grant whose jobs wait: on a Kueue
 * cluster its Workloads pending admission in the team's ClusterQueue, on a
 * KAI Scheduler or Volcano cluster its pods waiting in the team's queue, on
 * a ResourceQuota cluster its pods waiting for GPUs of the class, placed in
 * the order the scheduler takes them, with what is ahead, what is free,
 * the next portal grant of the queue to end and what would let it start.
 * Readable by whoever may read the request; every read is audited, as it
 * reads the cluster.
 */
export class DefaultQueuePositionService implements QueuePositionService {
  static create(options: Options): DefaultQueuePositionService {
    return new DefaultQueuePositionService(options);
  }

  private constructor(private readonly options: Options) {}

  async position(
    context: GpuRequestCallContext & { id: string },
  ): Promise<QueuePositionResponse> {
    return this.options.audit.run(
      context,
      {
        eventId: 'gpu-queue-position-read',
        severityLevel: 'low',
        meta: { requestId: context.id },
        successMeta: answer => ({
          state: answer.state,
          ...(answer.position !== undefined
            ? { position: answer.position }
            : {}),
        }),
      },
      () => this.answer(context),
    );
  }

  private async answer(
    context: GpuRequestCallContext & { id: string },
  ): Promise<QueuePositionResponse> {
    const { store, permissions, config } = this.options;
    const request = await loadRequest(store, context.id);
    await permissions.authorizeResource(
      context.credentials,
      gpuRequestReadPermission,
      request,
      'read',
    );
    const now = this.options.now?.() ?? new Date();
    const scheduler = schedulerOf(config, request.cluster);
    const head = {
      requestId: request.id,
      scheduler,
      checkedAt: now.toISOString(),
    };
    if (request.status !== 'active' || !request.namespace) {
      return {
        ...head,
        state: 'not-active',
        workloads: [],
        summary: notActiveWords(request, now),
      };
    }
    let placed: PlacedQueue;
    try {
      if (scheduler === 'kueue') placed = await this.kueue(request, now);
      else if (scheduler === 'kai' || scheduler === 'volcano') {
        placed = await this.schedulerQueue(request, now, scheduler);
      } else placed = await this.pods(request, now);
    } catch (error) {
      if (error instanceof ServiceUnavailableError) throw error;
      throw new ServiceUnavailableError(
        `cluster ${request.cluster} could not be read: ${describeApiError(
          error,
        )}; try again shortly`,
      );
    }
    return { ...head, ...placed };
  }

  /** What is counted, plural: "H100 GPUs", "H100 1g.10gb MIG instances". */
  private unitsOf(request: GpuRequest): string {
    const name = request.gpuClass.toUpperCase();
    return request.migProfile
      ? `${name} ${request.migProfile} MIG instances`
      : `${name} GPUs`;
  }

  private async kueue(request: GpuRequest, now: Date): Promise<PlacedQueue> {
    const { config, store } = this.options;
    const read = await readKueueWaitQueue(
      this.options.objects(request.cluster),
      {
        namespace: request.namespace!,
        gpuResource: gpuResourceOf(request),
        flavor: flavorName(config.kueueFlavors, request.gpuClass),
      },
    );
    const units = this.unitsOf(request);
    if (!read) {
      return {
        state: 'idle',
        queue: 'its LocalQueue',
        freeNow: 0,
        workloads: [],
        summary: `The grant's LocalQueue is missing from ${request.cluster}, so nothing of it can queue; the lifecycle loop applies it again.`,
      };
    }
    // The portal grants whose admitted work holds quota of the queue.
    const active = await store.list({ statuses: ['active'] });
    const nextRelease = earliest(
      active
        .filter(g => g.cluster === request.cluster)
        .filter(g => g.namespace && read.heldByNamespace.get(g.namespace))
        .map(g => ({
          at: g.expiresAt,
          gpus: read.heldByNamespace.get(g.namespace!)!,
        })),
      now,
    );
    const facts: QueueFacts = {
      queue: `ClusterQueue ${read.clusterQueue}`,
      units,
      noun: 'job',
      waiting: read.waiting,
      namespace: request.namespace!,
      started: read.started,
      freeNow: read.freeNow,
      most: read.most,
      nextRelease,
      now,
    };
    return placeInQueue(facts);
  }

  /**
   * On a KAI Scheduler or Volcano cluster: the grant's pods among those
   * waiting in its team's queue (its own queue without a parent), free as
   * the queues' limits and the cluster's free GPUs of the class allow.
   */
  private async schedulerQueue(
    request: GpuRequest,
    now: Date,
    scheduler: 'kai' | 'volcano',
  ): Promise<PlacedQueue> {
    const { store, capacity } = this.options;
    const [active, read, queue] = await Promise.all([
      store.list({ statuses: ['active'] }),
      capacity.read(),
      readSchedulerWaitQueue(this.options.objects(request.cluster), {
        scheduler,
        queueName: request.namespace!,
        namespace: request.namespace!,
        gpuResource: gpuResourceOf(request),
      }),
    ]);
    if (queue.missing) {
      return {
        state: 'idle',
        queue: queue.queue,
        freeNow: 0,
        workloads: [],
        summary: `The grant's ${
          scheduler === 'kai' ? 'KAI Scheduler' : 'Volcano'
        } queue is missing from ${
          request.cluster
        }, so the scheduler starts none of its pods; the lifecycle loop applies it again.`,
      };
    }
    const item = read.items.find(
      i =>
        i.cluster === request.cluster &&
        i.gpuClass === request.gpuClass &&
        (i.migProfile ?? '') === (request.migProfile ?? ''),
    );
    const clusterFree = item ? Math.max(0, item.total - item.inUse) : 0;
    const most = [queue.most, item?.total].filter(
      (v): v is number => v !== undefined,
    );
    return placeInQueue({
      queue: queue.queue,
      units: this.unitsOf(request),
      // KAI and Volcano queue jobs (PodGroups), not pods.
      noun: 'job',
      waiting: queue.waiting,
      namespace: request.namespace!,
      started: queue.started,
      freeNow: Math.min(clusterFree, queue.room ?? clusterFree),
      ...(most.length ? { most: Math.min(...most) } : {}),
      // The grants whose queues share the parent's GPUs.
      nextRelease: earliest(
        active
          .filter(g => g.cluster === request.cluster && g.id !== request.id)
          .filter(g => g.namespace && queue.leaves.has(g.namespace))
          .map(g => ({ at: g.expiresAt, gpus: g.count })),
        now,
      ),
      now,
    });
  }

  private async pods(request: GpuRequest, now: Date): Promise<PlacedQueue> {
    const { config, store, capacity } = this.options;
    const gpuClass = config.gpuClasses.find(c => c.id === request.gpuClass);
    const sameClass = (g: GpuRequest) =>
      g.gpuClass === request.gpuClass &&
      (g.migProfile ?? '') === (request.migProfile ?? '');
    const [active, read] = await Promise.all([
      store.list({ statuses: ['active', 'namespace-missing'] }),
      capacity.read(),
    ]);
    const onCluster = active.filter(g => g.cluster === request.cluster);
    const queue = await readPodWaitQueue(
      this.options.objects(request.cluster),
      {
        namespace: request.namespace!,
        gpuResource: gpuResourceOf(request),
        productLabel: gpuClass?.productLabel ?? '',
        grantNamespaces: new Map(
          onCluster
            .filter(g => g.namespace)
            .map(g => [g.namespace!, sameClass(g)]),
        ),
      },
    );
    const item = read.items.find(
      i =>
        i.cluster === request.cluster &&
        i.gpuClass === request.gpuClass &&
        (i.migProfile ?? '') === (request.migProfile ?? ''),
    );
    const units = this.unitsOf(request);
    return placeInQueue({
      queue: `the ${units.replace(/ (GPUs|MIG instances)$/, '')} queue on ${
        request.cluster
      }`,
      units,
      noun: 'pod',
      waiting: queue.waiting,
      namespace: request.namespace!,
      started: queue.started,
      freeNow: item ? Math.max(0, item.total - item.inUse) : 0,
      most: item?.total,
      nextRelease: earliest(
        onCluster
          .filter(g => g.id !== request.id && sameClass(g))
          .map(g => ({ at: g.expiresAt, gpus: g.count })),
        now,
      ),
      now,
    });
  }
}

/** The earliest future end among grants, with the GPUs of every grant ending then. */
function earliest(
  ends: Array<{ at?: string; gpus: number }>,
  now: Date,
): { at: Date; gpus: number } | undefined {
  let best: { at: Date; gpus: number } | undefined;
  for (const end of ends) {
    const at = end.at ? Date.parse(end.at) : Number.NaN;
    if (!(at > now.getTime())) continue;
    if (!best || at < best.at.getTime()) {
      best = { at: new Date(at), gpus: end.gpus };
    } else if (at === best.at.getTime()) {
      best.gpus += end.gpus;
    }
  }
  return best;
}

/** Why a request that is not on its cluster has no place in a queue. */
function notActiveWords(request: GpuRequest, now: Date): string {
  switch (request.status) {
    case 'pending-approval':
      return 'It waits for an approver, not for GPUs: it has no place in a cluster queue until it is approved.';
    case 'approved':
      return request.startAt && Date.parse(request.startAt) > now.getTime()
        ? 'It is a booked window: its GPUs are set aside for it, and it is set up on its cluster when the window starts.'
        : 'It is approved and being set up on its cluster; its jobs can queue once it is active.';
    case 'provisioning':
      return 'It is being set up on its cluster; its jobs can queue once it is active.';
    case 'namespace-missing':
      return 'Its namespace was deleted from the cluster, so nothing of it can queue; release it and ask again.';
    default:
      return `It is ${request.status}; nothing of it queues any more.`;
  }
}
