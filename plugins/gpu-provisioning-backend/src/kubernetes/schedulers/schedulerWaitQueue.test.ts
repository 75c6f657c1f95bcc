import { ApiException, KubernetesObjectApi } from '@kubernetes/client-node';
import { placeInQueue } from '../../scheduling/queuePosition';
import {
  readSchedulerWaitQueue,
  SchedulerWaitQueue,
} from './schedulerWaitQueue';

type Obj = Record<string, any>;

/** An object client that lists fixed objects by apiVersion and kind. */
function objectsOf(lists: Record<string, Obj[] | Error>): KubernetesObjectApi {
  return {
    list: async (apiVersion: string, kind: string) => {
      const items = lists[`${apiVersion}/${kind}`] ?? [];
      if (items instanceof Error) throw items;
      return { items };
    },
  } as unknown as KubernetesObjectApi;
}

const kaiQueue = (
  name: string,
  parentQueue: string | undefined,
  gpus: number,
) => ({
  metadata: { name },
  spec: {
    ...(parentQueue ? { parentQueue } : {}),
    resources: { gpu: { quota: gpus, limit: gpus, overQuotaWeight: 1 } },
  },
});

function pod(
  name: string,
  namespace: string,
  options: {
    gpus: number;
    at: string;
    schedulerName?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    nodeName?: string;
    priority?: number;
    message?: string;
  },
): Obj {
  return {
    metadata: {
      name,
      namespace,
      creationTimestamp: options.at,
      labels: options.labels,
      annotations: options.annotations,
    },
    spec: {
      schedulerName: options.schedulerName,
      nodeName: options.nodeName,
      priority: options.priority,
      containers: [
        {
          name: 'main',
          resources: { limits: { 'nvidia.com/gpu': String(options.gpus) } },
        },
      ],
    },
    status: {
      phase: options.nodeName ? 'Running' : 'Pending',
      conditions: options.message
        ? [{ type: 'PodScheduled', status: 'False', message: options.message }]
        : [],
    },
  };
}

const now = new Date('2026-12-04T12:00:00Z');

/** A grant's wait queue on KAI Scheduler, its queue named after its namespace. */
function readOnKai(api: KubernetesObjectApi, grant: string) {
  return readSchedulerWaitQueue(api, {
    scheduler: 'kai',
    queueName: grant,
    namespace: grant,
    gpuResource: 'nvidia.com/gpu',
  });
}

/** Places a grant's work as the queue-position service does on these schedulers. */
function placeAsTheService(
  read: SchedulerWaitQueue,
  namespace: string,
  units = 'H100 GPUs',
) {
  return placeInQueue({
    queue: read.queue,
    units,
    noun: 'job',
    waiting: read.waiting,
    namespace,
    started: read.started,
    freeNow: read.room!,
    ...(read.most !== undefined ? { most: read.most } : {}),
    now,
  });
}

describe('readSchedulerWaitQueue', () => {
  describe('on KAI Scheduler', () => {
    const inQueue = (queue: string) => ({
      schedulerName: 'kai-scheduler',
      labels: { 'kai.scheduler/queue': queue },
    });
    const api = objectsOf({
      'scheduling.run.ai/v2/Queue': [
        kaiQueue('vision', undefined, 24),
        kaiQueue('grant-a', 'vision', 16),
        kaiQueue('grant-b', 'vision', 8),
        kaiQueue('grant-c', 'nlp', 8),
      ],
      'scheduling.run.ai/v2alpha2/PodGroup': [
        {
          metadata: {
            name: 'pg-late',
            namespace: 'grant-b',
            creationTimestamp: '2026-12-04T11:30:00Z',
          },
          spec: { queue: 'grant-b', minMember: 1 },
          status: {
            schedulingConditions: [
              {
                type: 'Unschedulable',
                message: 'Not enough GPUs in queue vision',
              },
            ],
          },
        },
      ],
      'v1/Pod': [
        // A sibling holds 8 of the team's 24.
        pod('running', 'grant-b', {
          ...inQueue('grant-b'),
          gpus: 8,
          at: '2026-12-04T09:00:00Z',
          nodeName: 'node-1',
        }),
        pod('older', 'grant-b', {
          ...inQueue('grant-b'),
          gpus: 4,
          at: '2026-12-04T10:00:00Z',
        }),
        pod('mine', 'grant-a', {
          ...inQueue('grant-a'),
          gpus: 8,
          at: '2026-12-04T11:00:00Z',
          message: '0/4 nodes are available',
        }),
        // Its PodGroup is older than the pod: the group's age counts.
        pod('grouped', 'grant-b', {
          ...inQueue('grant-b'),
          annotations: { 'pod-group-name': 'pg-late' },
          gpus: 2,
          at: '2026-12-04T11:45:00Z',
        }),
        // Higher priority goes first, however new.
        pod('urgent', 'grant-b', {
          ...inQueue('grant-b'),
          gpus: 1,
          at: '2026-12-04T11:50:00Z',
          priority: 1000,
        }),
        // Another team's queue, and a pod KAI does not schedule.
        pod('other-team', 'grant-c', {
          ...inQueue('grant-c'),
          gpus: 8,
          at: '2026-12-04T08:00:00Z',
        }),
        pod('default-scheduler', 'grant-b', {
          labels: { 'kai.scheduler/queue': 'grant-b' },
          gpus: 8,
          at: '2026-12-04T08:00:00Z',
        }),
      ],
    });

    it('reads the parent queue’s waiting pods, its limits and what its grant queues hold', async () => {
      const read = await readOnKai(api, 'grant-a');
      expect(read).toMatchObject({
        queue: 'KAI Scheduler queue vision',
        missing: false,
        leaves: new Set(['grant-a', 'grant-b']),
        started: 0,
        // The grant's own 16, and the team's 24 less the 8 running.
        room: 16,
        most: 16,
      });
      expect(read.waiting.map(w => w.name).sort()).toEqual([
        'grouped',
        'mine',
        'older',
        'urgent',
      ]);
      expect(read.waiting.find(w => w.name === 'grouped')).toMatchObject({
        createdAt: Date.parse('2026-12-04T11:30:00Z'),
        message: 'Not enough GPUs in queue vision',
      });

      const placed = placeAsTheService(read, 'grant-a');
      expect(placed).toMatchObject({
        state: 'waiting',
        position: 3,
        ahead: 2,
        aheadGpus: 5,
        workloads: [
          { name: 'mine', message: '0/4 nodes are available', position: 3 },
        ],
        summary:
          '2 jobs ahead of yours in KAI Scheduler queue vision, 5 H100 GPUs.',
      });
    });

    it('leaves a sibling’s room to its own queue limit', async () => {
      const read = await readOnKai(api, 'grant-b');
      expect(read).toMatchObject({ started: 1, room: 0, most: 8 });
    });

    it('says when the grant’s own queue is missing', async () => {
      const read = await readOnKai(api, 'grant-gone');
      expect(read).toMatchObject({
        queue: 'KAI Scheduler queue grant-gone',
        missing: true,
        waiting: [],
      });
    });
  });

  describe('on Volcano', () => {
    const inQueue = (queue: string, group?: string) => ({
      schedulerName: 'volcano',
      annotations: {
        'scheduling.volcano.sh/queue-name': queue,
        ...(group ? { 'scheduling.k8s.io/group-name': group } : {}),
      },
    });
    const queues = [
      {
        metadata: { name: 'grant-a' },
        spec: { capability: { 'nvidia.com/mig-1g.10gb': '4' } },
      },
    ];
    const group = (name: string, phase: string, at: string) => ({
      metadata: { name, namespace: 'grant-a', creationTimestamp: at },
      spec: { queue: 'grant-a', minMember: 1 },
      status: {
        phase,
        ...(phase === 'Pending'
          ? {
              conditions: [
                {
                  type: 'Unschedulable',
                  message: 'queue grant-a resource quota insufficient',
                },
              ],
            }
          : {}),
      },
    });
    const pods: Obj[] = [
      pod('first', 'grant-a', {
        ...inQueue('grant-a', 'pg-first'),
        gpus: 0,
        at: '2026-12-04T09:00:00Z',
      }),
    ].map(p => ({
      ...p,
      spec: {
        ...p.spec,
        containers: [
          {
            name: 'main',
            resources: { limits: { 'nvidia.com/mig-1g.10gb': '3' } },
          },
        ],
      },
    }));
    const second = {
      ...pods[0],
      metadata: {
        ...pods[0].metadata,
        name: 'second',
        creationTimestamp: '2026-12-04T10:00:00Z',
        annotations: inQueue('grant-a', 'pg-second').annotations,
      },
      spec: {
        ...pods[0].spec,
        containers: [
          {
            name: 'main',
            resources: { limits: { 'nvidia.com/mig-1g.10gb': '1' } },
          },
        ],
      },
    };

    it('takes enqueued PodGroups before pending ones, in the grant’s own queue without a parent', async () => {
      const read = await readSchedulerWaitQueue(
        objectsOf({
          'scheduling.volcano.sh/v1beta1/Queue': queues,
          'scheduling.volcano.sh/v1beta1/PodGroup': [
            group('pg-first', 'Pending', '2026-12-04T09:00:00Z'),
            group('pg-second', 'Inqueue', '2026-12-04T10:00:00Z'),
          ],
          'v1/Pod': [...pods, second],
        }),
        {
          scheduler: 'volcano',
          queueName: 'grant-a',
          namespace: 'grant-a',
          gpuResource: 'nvidia.com/mig-1g.10gb',
        },
      );
      expect(read).toMatchObject({
        queue: 'Volcano queue grant-a',
        room: 4,
        most: 4,
      });
      const placed = placeAsTheService(
        read,
        'grant-a',
        'H100 1g.10gb MIG instances',
      );
      expect(placed.workloads).toEqual([
        expect.objectContaining({ name: 'second', position: 1 }),
        expect.objectContaining({
          name: 'first',
          position: 2,
          message: 'queue grant-a resource quota insufficient',
        }),
      ]);
    });

    it('places pods by their own queue and age when the PodGroup API is not served', async () => {
      const read = await readSchedulerWaitQueue(
        objectsOf({
          'scheduling.volcano.sh/v1beta1/Queue': queues,
          'scheduling.volcano.sh/v1beta1/PodGroup': new ApiException(
            404,
            'Not Found',
            { kind: 'Status', code: 404 },
            {},
          ),
          'v1/Pod': [...pods, second],
        }),
        {
          scheduler: 'volcano',
          queueName: 'grant-a',
          namespace: 'grant-a',
          gpuResource: 'nvidia.com/mig-1g.10gb',
        },
      );
      expect(read.waiting.map(w => [w.name, w.stage ?? 0])).toEqual([
        ['first', 0],
        ['second', 0],
      ]);
    });
  });

  describe('a gang of several pods', () => {
    const inQueue = (queue: string, group?: string) => ({
      schedulerName: 'kai-scheduler',
      labels: { 'kai.scheduler/queue': queue },
      ...(group ? { annotations: { 'pod-group-name': group } } : {}),
    });
    // A training job of four workers, one placed, three waiting together.
    const api = objectsOf({
      'scheduling.run.ai/v2/Queue': [
        kaiQueue('vision', undefined, 16),
        kaiQueue('grant-a', 'vision', 8),
        kaiQueue('grant-b', 'vision', 8),
      ],
      'scheduling.run.ai/v2alpha2/PodGroup': [
        {
          metadata: {
            name: 'pg-train-llama',
            namespace: 'grant-b',
            creationTimestamp: '2026-12-04T10:00:00Z',
          },
          spec: { queue: 'grant-b', minMember: 4 },
          status: {
            schedulingConditions: [
              {
                type: 'Unschedulable',
                message: '3 of 4 pods cannot be placed together',
              },
            ],
          },
        },
      ],
      'v1/Pod': [
        ...[0, 1, 2, 3].map(i =>
          pod(`train-llama-worker-${i}`, 'grant-b', {
            ...inQueue('grant-b', 'pg-train-llama'),
            gpus: 2,
            at: '2026-12-04T10:00:05Z',
            ...(i === 0 ? { nodeName: 'node-1' } : {}),
          }),
        ),
        pod('eval', 'grant-a', {
          ...inQueue('grant-a'),
          gpus: 1,
          at: '2026-12-04T11:00:00Z',
        }),
      ],
    });

    it('is one piece of work waiting for all its pods’ GPUs, counted once ahead of others', async () => {
      const read = await readOnKai(api, 'grant-a');
      expect(read.waiting).toEqual([
        expect.objectContaining({
          kind: 'PodGroup',
          namespace: 'grant-b',
          name: 'pg-train-llama',
          gpus: 6,
          message: '3 of 4 pods cannot be placed together',
        }),
        expect.objectContaining({ kind: 'Pod', name: 'eval', gpus: 1 }),
      ]);
      const placed = placeAsTheService(read, 'grant-a');
      expect(placed).toMatchObject({
        position: 2,
        ahead: 1,
        aheadGpus: 6,
        summary:
          '1 job ahead of yours in KAI Scheduler queue vision, 6 H100 GPUs.',
      });
    });

    it('counts the gang once among the grant’s started work, and shows it as its PodGroup', async () => {
      const read = await readOnKai(api, 'grant-b');
      // One worker holds 2 of the grant queue's 8.
      expect(read).toMatchObject({ started: 1, room: 6 });
      const placed = placeAsTheService(read, 'grant-b');
      expect(placed.workloads).toEqual([
        expect.objectContaining({
          kind: 'PodGroup',
          name: 'pg-train-llama',
          gpus: 6,
          position: 1,
        }),
      ]);
      expect(placed.summary).toBe(
        'Your job is next in KAI Scheduler queue vision; it asks for 6 H100 GPUs and 6 are free.',
      );
    });
  });
});
