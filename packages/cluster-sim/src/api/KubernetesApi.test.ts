import { testTopology } from '../__fixtures__/testTopology';
import { waitFor } from '@ai-platform/test-utils';
import { ClusterSim, startClusterSim } from '../startClusterSim';
import { ApiError } from './ApiError';
import { KubernetesApi } from './KubernetesApi';
import { findResourceByKind } from './resources';
import { KubeObject } from './types';

const t = (apiVersion: string, kind: string) =>
  findResourceByKind(apiVersion, kind)!;
const NS = t('v1', 'Namespace');
const POD = t('v1', 'Pod');
const CM = t('v1', 'ConfigMap');
const QUOTA = t('v1', 'ResourceQuota');
const JOB = t('batch/v1', 'Job');
const EVENT = t('v1', 'Event');

function gpuPod(name: string, gpus: number, resource = 'nvidia.com/gpu') {
  return {
    metadata: { name, labels: { app: name } },
    spec: {
      containers: [
        {
          name: 'main',
          image: 'busybox:1.36',
          resources: { limits: { [resource]: String(gpus) } },
        },
      ],
    },
  };
}

function caught(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('KubernetesApi', () => {
  let sim: ClusterSim;
  let api: KubernetesApi;

  beforeEach(async () => {
    sim = await startClusterSim({
      topology: testTopology,
      seed: 'nodes',
      tls: false,
    });
    api = sim.clusters[0].api;
    api.create(NS, 'v1', undefined, { metadata: { name: 'team-a' } });
  });
  afterEach(() => sim.stop());

  describe('reads', () => {
    beforeEach(() => {
      for (const [name, tier] of [
        ['a', 'web'],
        ['b', 'web'],
        ['c', 'db'],
        ['d', undefined],
      ]) {
        api.create(CM, 'v1', 'team-a', {
          metadata: { name, labels: tier ? { tier } : {} },
        });
      }
    });

    it.each([
      ['tier=web', ['a', 'b']],
      ['tier!=web', ['c', 'd']],
      ['tier in (db,web)', ['a', 'b', 'c']],
      ['tier notin (web)', ['c', 'd']],
      ['tier', ['a', 'b', 'c']],
      ['!tier', ['d']],
    ])('selects by label %p', (selector, names) => {
      const { items } = api.list(CM, 'v1', 'team-a', {
        labelSelector: selector,
      });
      expect(items.map(i => i.metadata.name)).toEqual(names);
    });

    it('selects by field and refuses unsupported fields', () => {
      const { items } = api.list(CM, 'v1', 'team-a', {
        fieldSelector: 'metadata.name=c',
      });
      expect(items.map(i => i.metadata.name)).toEqual(['c']);
      const error = caught(() =>
        api.list(CM, 'v1', 'team-a', { fieldSelector: 'data.x=1' }),
      );
      expect(error.status).toMatchObject({
        code: 400,
        message: 'field label not supported: data.x',
      });
    });

    it('pages with limit and continue', () => {
      const first = api.list(CM, 'v1', 'team-a', { limit: 3 });
      expect(first.items.map(i => i.metadata.name)).toEqual(['a', 'b', 'c']);
      expect(first.remainingItemCount).toBe(1);
      const second = api.list(CM, 'v1', 'team-a', {
        limit: 3,
        continue: first.continue,
      });
      expect(second.items.map(i => i.metadata.name)).toEqual(['d']);
      expect(second.continue).toBeUndefined();
      expect(() =>
        api.list(CM, 'v1', 'team-a', { continue: 'garbage' }),
      ).toThrow(/continue key/);
    });

    it('answers NotFound as the apiserver does', () => {
      expect(caught(() => api.get(JOB, 'v1', 'team-a', 'nope')).status).toEqual(
        {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'jobs.batch "nope" not found',
          reason: 'NotFound',
          details: { name: 'nope', group: 'batch', kind: 'jobs' },
          code: 404,
        },
      );
    });
  });

  describe('writes', () => {
    it('refuses a duplicate with AlreadyExists and a stale update with Conflict', () => {
      const created = api.create(CM, 'v1', 'team-a', {
        metadata: { name: 'x' },
        data: { a: '1' },
      });
      expect(
        caught(() =>
          api.create(CM, 'v1', 'team-a', { metadata: { name: 'x' } }),
        ).status,
      ).toMatchObject({
        code: 409,
        reason: 'AlreadyExists',
        message: 'configmaps "x" already exists',
      });

      const updated = api.update(CM, 'v1', 'team-a', 'x', {
        ...created,
        data: { a: '2' },
      });
      expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(
        Number(created.metadata.resourceVersion),
      );
      const stale = caught(() =>
        api.update(CM, 'v1', 'team-a', 'x', { ...created, data: { a: '3' } }),
      );
      expect(stale.status).toMatchObject({ code: 409, reason: 'Conflict' });
      expect(stale.message).toContain('the object has been modified');
      expect(api.get(CM, 'v1', 'team-a', 'x').data).toEqual({ a: '2' });
    });

    it.each([
      [{ metadata: { name: 'Bad_Name' } }, 'metadata.name', 'RFC 1123'],
      [
        { metadata: { name: 'ok', labels: { team: 'a b' } } },
        'metadata.labels',
        'a valid label',
      ],
      [
        { metadata: { name: 'ok', labels: { 'bad key!': 'x' } } },
        'metadata.labels',
        'name part',
      ],
      [{ metadata: {} }, 'metadata.name', 'name or generateName is required'],
    ])('refuses invalid metadata %#', (body, field, text) => {
      const error = caught(() => api.create(CM, 'v1', 'team-a', body));
      expect(error.status.code).toBe(422);
      expect(error.status.reason).toBe('Invalid');
      expect(error.status.details?.causes).toEqual(
        expect.arrayContaining([expect.objectContaining({ field })]),
      );
      expect(error.message).toContain(text);
    });

    it('refuses content in a namespace that does not exist', () => {
      expect(
        caught(() =>
          api.create(CM, 'v1', 'nowhere', { metadata: { name: 'x' } }),
        ).status,
      ).toMatchObject({ code: 404, message: 'namespaces "nowhere" not found' });
    });

    it('applies merge, JSON and strategic merge patches', () => {
      api.create(POD, 'v1', 'team-a', {
        metadata: { name: 'p', labels: { a: '1', b: '2' } },
        spec: {
          containers: [
            { name: 'main', image: 'x:1' },
            { name: 'side', image: 'y:1' },
          ],
        },
      });
      api.patch(POD, 'v1', 'team-a', 'p', 'application/merge-patch+json', {
        metadata: { labels: { a: null, c: '3' } },
      });
      api.patch(POD, 'v1', 'team-a', 'p', 'application/json-patch+json', [
        { op: 'add', path: '/metadata/annotations', value: { note: 'hi' } },
      ]);
      const patched = api.patch(
        POD,
        'v1',
        'team-a',
        'p',
        'application/strategic-merge-patch+json',
        {
          spec: { containers: [{ name: 'side', image: 'y:2' }] },
        },
      );
      expect(patched.metadata.labels).toEqual({ b: '2', c: '3' });
      expect(patched.metadata.annotations).toEqual({ note: 'hi' });
      const containers = (patched.spec as any).containers;
      expect(containers.map((c: any) => `${c.name}=${c.image}`)).toEqual([
        'main=x:1',
        'side=y:2',
      ]);
    });
  });

  describe('server-side apply', () => {
    const quota = (gpus: string, extra: Record<string, string> = {}) => ({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'gpu', namespace: 'team-a' },
      spec: { hard: { 'requests.nvidia.com/gpu': gpus, ...extra } },
    });
    const apply = (body: unknown, manager: string, force = false) =>
      api.patch(
        QUOTA,
        'v1',
        'team-a',
        'gpu',
        'application/apply-patch+yaml',
        body,
        {
          fieldManager: manager,
          force,
        },
      );

    it('creates, is idempotent, and removes fields the manager stops applying', () => {
      const first = apply(quota('8', { pods: '10' }), 'portal');
      const again = apply(quota('8', { pods: '10' }), 'portal');
      expect(again.metadata.resourceVersion).toBe(
        first.metadata.resourceVersion,
      );
      const trimmed = apply(quota('8'), 'portal');
      expect((trimmed.spec as any).hard).toEqual({
        'requests.nvidia.com/gpu': '8',
      });
      expect(trimmed.metadata.managedFields).toEqual([
        expect.objectContaining({
          manager: 'portal',
          operation: 'Apply',
          fieldsV1: {
            'f:spec': { 'f:hard': { 'f:requests.nvidia.com/gpu': {} } },
          },
        }),
      ]);
    });

    it('conflicts with a field another manager changed, unless forced', () => {
      apply(quota('8'), 'portal');
      const live = api.get(QUOTA, 'v1', 'team-a', 'gpu');
      api.update(QUOTA, 'v1', 'team-a', 'gpu', quota('64'), {
        fieldManager: 'kubectl-edit',
      });
      expect(live.metadata.resourceVersion).toBeDefined();

      const conflict = caught(() => apply(quota('8'), 'portal'));
      expect(conflict.status).toMatchObject({ code: 409, reason: 'Conflict' });
      expect(conflict.message).toBe(
        'Apply failed with 1 conflict: conflict with "kubectl-edit": .spec.hard.requests.nvidia.com/gpu',
      );
      const forced = apply(quota('8'), 'portal', true);
      expect((forced.spec as any).hard['requests.nvidia.com/gpu']).toBe('8');
    });

    it('requires a field manager', () => {
      const error = caught(() =>
        api.patch(
          QUOTA,
          'v1',
          'team-a',
          'gpu',
          'application/apply-patch+yaml',
          quota('1'),
        ),
      );
      expect(error.status.code).toBe(422);
      expect(error.message).toContain('fieldManager: Required value');
    });
  });

  describe('quota, scheduling and jobs', () => {
    beforeEach(() => {
      api.create(QUOTA, 'v1', 'team-a', {
        metadata: { name: 'gpu-quota' },
        spec: {
          hard: {
            'requests.nvidia.com/gpu': '4',
            'requests.nvidia.com/mig-1g.10gb': '1',
          },
        },
      });
    });

    it('refuses a pod over quota with the apiserver message and keeps status.used', async () => {
      api.create(POD, 'v1', 'team-a', gpuPod('small', 3));
      const error = caught(() =>
        api.create(POD, 'v1', 'team-a', gpuPod('big', 2)),
      );
      expect(error.status).toMatchObject({ code: 403, reason: 'Forbidden' });
      expect(error.message).toBe(
        'pods "big" is forbidden: exceeded quota: gpu-quota, requested: requests.nvidia.com/gpu=2, used: requests.nvidia.com/gpu=3, limited: requests.nvidia.com/gpu=4',
      );
      const used = await waitFor(() => {
        const status = api.get(QUOTA, 'v1', 'team-a', 'gpu-quota')
          .status as any;
        return status?.used?.['requests.nvidia.com/gpu'] === '3'
          ? status.used
          : undefined;
      });
      expect(used).toEqual({
        'requests.nvidia.com/gpu': '3',
        'requests.nvidia.com/mig-1g.10gb': '0',
      });

      api.delete(POD, 'v1', 'team-a', 'small');
      expect(
        api.create(POD, 'v1', 'team-a', gpuPod('big', 2)).metadata.name,
      ).toBe('big');
    });

    it('binds GPU pods to nodes with free devices and runs them', async () => {
      api.create(
        POD,
        'v1',
        'team-a',
        gpuPod('mig', 1, 'nvidia.com/mig-1g.10gb'),
      );
      api.create(POD, 'v1', 'team-a', gpuPod('whole', 2));
      const running = await waitFor(() => {
        const pods = ['mig', 'whole'].map(n => api.get(POD, 'v1', 'team-a', n));
        return pods.every(p => (p.status as any).phase === 'Running')
          ? pods
          : undefined;
      });
      expect(running.map(p => (p.spec as any).nodeName)).toEqual([
        'h100-mig-0',
        'h100-0',
      ]);
      const held = sim.clusters[0].gpus
        .nodeGpus()
        .flatMap(n =>
          n.devices
            .filter(d => d.holder)
            .map(
              d => `${n.hostname}/${d.holder!.pod}/${d.mig?.profile ?? 'gpu'}`,
            ),
        );
      expect(held.sort()).toEqual([
        'h100-0/whole/gpu',
        'h100-0/whole/gpu',
        'h100-mig-0/mig/1g.10gb',
      ]);
    });

    it('leaves a pod no node can hold Pending with the scheduler message and event', async () => {
      api.create(NS, 'v1', undefined, { metadata: { name: 'team-b' } });
      api.create(POD, 'v1', 'team-b', gpuPod('huge', 9));
      const condition = await waitFor(() =>
        (
          (api.get(POD, 'v1', 'team-b', 'huge').status as any).conditions ?? []
        ).find((c: any) => c.reason === 'Unschedulable'),
      );
      expect(condition.message).toBe(
        '0/2 nodes are available: 2 Insufficient nvidia.com/gpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
      );
      const events = api.list(EVENT, 'v1', 'team-b').items as KubeObject[];
      expect(events.map(e => e.reason)).toContain('FailedScheduling');
    });

    it('runs a Job to completion through its pods', async () => {
      api.create(JOB, 'v1', 'team-a', {
        metadata: { name: 'train' },
        spec: {
          parallelism: 2,
          completions: 2,
          template: {
            metadata: {
              annotations: { 'cluster-sim.ai-platform.io/run-seconds': '0.05' },
            },
            spec: {
              restartPolicy: 'Never',
              containers: [
                {
                  name: 'main',
                  image: 'x:1',
                  resources: { limits: { 'nvidia.com/gpu': '1' } },
                },
              ],
            },
          },
        },
      });
      const job = await waitFor(() => {
        const j = api.get(JOB, 'v1', 'team-a', 'train');
        return (j.status as any)?.succeeded === 2 ? j : undefined;
      });
      expect((job.status as any).conditions.map((c: any) => c.type)).toContain(
        'Complete',
      );
      const pods = api.list(POD, 'v1', 'team-a', {
        labelSelector: 'job-name=train',
      }).items;
      expect(pods).toHaveLength(2);
      expect(pods.every(p => (p.status as any).phase === 'Succeeded')).toBe(
        true,
      );
    });

    it('records FailedCreate when a Job cannot create pods within quota', async () => {
      api.create(JOB, 'v1', 'team-a', {
        metadata: { name: 'greedy' },
        spec: {
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [
                {
                  name: 'm',
                  image: 'x:1',
                  resources: { limits: { 'nvidia.com/gpu': '8' } },
                },
              ],
            },
          },
        },
      });
      const event = await waitFor(() =>
        (api.list(EVENT, 'v1', 'team-a').items as KubeObject[]).find(
          e => e.reason === 'FailedCreate',
        ),
      );
      expect(event.message).toMatch(
        /^Error creating: pods "greedy-\w+" is forbidden: exceeded quota: gpu-quota/,
      );
    });
  });

  describe('deletion and watches', () => {
    it('deleting a namespace takes its objects with it', async () => {
      api.create(CM, 'v1', 'team-a', { metadata: { name: 'x' } });
      api.create(POD, 'v1', 'team-a', gpuPod('p', 1));
      const terminating = api.delete(NS, 'v1', undefined, 'team-a');
      expect((terminating.status as any).phase).toBe('Terminating');
      expect(
        caught(() =>
          api.create(CM, 'v1', 'team-a', { metadata: { name: 'y' } }),
        ).message,
      ).toBe(
        'configmaps "y" is forbidden: unable to create new content in namespace team-a because it is being terminated',
      );
      await waitFor(() =>
        api.store.get(NS, undefined, 'team-a') ? undefined : true,
      );
      expect(api.store.list(CM, 'team-a')).toEqual([]);
      expect(api.store.list(POD, 'team-a')).toEqual([]);
    });

    it('resumes a watch from a resourceVersion', () => {
      const a = api.create(CM, 'v1', 'team-a', { metadata: { name: 'a' } });
      api.create(CM, 'v1', 'team-a', { metadata: { name: 'b' } });
      api.delete(CM, 'v1', 'team-a', 'a');
      const seen: string[] = [];
      const stop = api.watch(
        CM,
        'v1',
        'team-a',
        { resourceVersion: a.metadata.resourceVersion },
        e => seen.push(`${e.type} ${e.object.metadata.name}`),
      );
      api.create(CM, 'v1', 'team-a', { metadata: { name: 'c' } });
      stop();
      expect(seen).toEqual(['ADDED b', 'DELETED a', 'ADDED c']);
    });
  });
});
