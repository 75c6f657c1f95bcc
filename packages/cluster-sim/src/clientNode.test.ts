import https from 'node:https';
import * as k8s from '@kubernetes/client-node';
import { testTopology } from './__fixtures__/testTopology';
import { waitFor } from '@ai-platform/test-utils';
import { createSchemaValidation } from './schemaValidation';
import { kubeConfigFor } from './__testUtils__/kubeConfigFor';
import {
  ClusterSim,
  SimulatedCluster,
  startClusterSim,
} from './startClusterSim';

function statusOf(error: unknown): {
  code: number;
  reason?: string;
  message?: string;
} {
  const e = error as { code?: number; body?: string };
  const body = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
  return { code: e.code ?? 0, reason: body?.reason, message: body?.message };
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

const quotaBody = (gpus: string): k8s.V1ResourceQuota => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'gpu-quota', namespace: 'team-y' },
  spec: { hard: { 'requests.nvidia.com/gpu': gpus } },
});

describe('@kubernetes/client-node against the emulator', () => {
  let sim: ClusterSim;
  let cluster: SimulatedCluster;
  let core: k8s.CoreV1Api;

  beforeAll(async () => {
    const schemas = createSchemaValidation({ required: true })!;
    sim = await startClusterSim({
      topology: testTopology,
      seed: 'nodes',
      validator: schemas.validator,
      openApi: schemas.openApi,
    });
    cluster = sim.clusters[0];
    core = kubeConfigFor(cluster).makeApiClient(k8s.CoreV1Api);
  }, 60_000); // compiling the OpenAPI schemas takes seconds on a busy machine
  afterEach(() => cluster?.faults.clear());
  afterAll(() => sim?.stop());

  it('lists GPU nodes with their GPU Feature Discovery labels and capacity', async () => {
    const { items } = await core.listNode();
    const byName = Object.fromEntries(items.map(n => [n.metadata!.name, n]));
    expect(byName['h100-0'].metadata!.labels!['nvidia.com/gpu.product']).toBe(
      'NVIDIA-H100-80GB-HBM3',
    );
    expect(byName['h100-0'].status!.allocatable!['nvidia.com/gpu']).toBe('8');
    expect(
      byName['h100-mig-0'].status!.allocatable!['nvidia.com/mig-1g.10gb'],
    ).toBe('4');
  });

  it('server-side applies quota idempotently, refuses a pod over it and deletes the namespace', async () => {
    const objects = k8s.KubernetesObjectApi.makeApiClient(
      kubeConfigFor(cluster),
    );
    const apply = (body: k8s.KubernetesObject, force = false) =>
      objects.patch(
        body,
        undefined,
        undefined,
        'ai-platform-portal',
        force,
        k8s.PatchStrategy.ServerSideApply,
      );

    await apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-y' },
    });
    await apply(quotaBody('2'));
    // The quota controller fills in status; after that an identical apply changes nothing.
    const settled = await waitFor(async () => {
      const q = await core.readNamespacedResourceQuota({
        namespace: 'team-y',
        name: 'gpu-quota',
      });
      return q.status?.used ? q : undefined;
    });
    const again = await apply(quotaBody('2'));
    expect(again.metadata!.resourceVersion).toBe(
      settled.metadata!.resourceVersion,
    );

    const pod = (name: string, gpus: number): k8s.V1Pod => ({
      metadata: { name },
      spec: {
        containers: [
          {
            name: 'main',
            image: 'busybox:1.36',
            resources: { limits: { 'nvidia.com/gpu': String(gpus) } },
          },
        ],
      },
    });
    await core.createNamespacedPod({
      namespace: 'team-y',
      body: pod('fits', 2),
    });
    const refused = statusOf(
      await failure(
        core.createNamespacedPod({ namespace: 'team-y', body: pod('over', 1) }),
      ),
    );
    expect(refused).toEqual({
      code: 403,
      reason: 'Forbidden',
      message:
        'pods "over" is forbidden: exceeded quota: gpu-quota, requested: requests.nvidia.com/gpu=1, used: requests.nvidia.com/gpu=2, limited: requests.nvidia.com/gpu=2',
    });
    const running = await waitFor(async () => {
      const p = await core.readNamespacedPod({
        namespace: 'team-y',
        name: 'fits',
      });
      return p.status?.phase === 'Running' ? p : undefined;
    });
    expect(running.spec!.nodeName).toBe('h100-0');

    await core.deleteNamespace({ name: 'team-y' });
    const gone = await waitFor(async () => {
      const error = await failure(core.readNamespace({ name: 'team-y' }));
      return statusOf(error).code === 404 ? statusOf(error) : undefined;
    });
    expect(gone.message).toBe('namespaces "team-y" not found');
  });

  it('watches changes as they happen', async () => {
    await core.createNamespace({ body: { metadata: { name: 'watched' } } });
    const seen: string[] = [];
    const watch = new k8s.Watch(kubeConfigFor(cluster));
    const request = await watch.watch(
      '/api/v1/namespaces/watched/configmaps',
      {},
      (type, obj) =>
        seen.push(
          `${type} ${obj.metadata.name} ${JSON.stringify(obj.data ?? {})}`,
        ),
      () => {},
    );
    await core.createNamespacedConfigMap({
      namespace: 'watched',
      body: { metadata: { name: 'c' }, data: { a: '1' } },
    });
    await core.patchNamespacedConfigMap(
      { namespace: 'watched', name: 'c', body: { data: { a: '2' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await core.deleteNamespacedConfigMap({ namespace: 'watched', name: 'c' });
    await waitFor(() => (seen.length === 3 ? true : undefined));
    request.abort();
    expect(seen).toEqual([
      'ADDED c {"a":"1"}',
      'MODIFIED c {"a":"2"}',
      'DELETED c {"a":"2"}',
    ]);
  });

  it('answers 401 without a valid token and 409 to a stale update', async () => {
    const stranger = kubeConfigFor(cluster, 'wrong').makeApiClient(
      k8s.CoreV1Api,
    );
    expect(statusOf(await failure(stranger.listNode()))).toMatchObject({
      code: 401,
    });
    // client-node drops the body of a 401; the Status is there for clients that read it.
    const raw = await new Promise<{ status?: number; body: string }>(
      (resolve, reject) => {
        https
          .get(`${cluster.url}/api/v1/nodes`, { ca: cluster.caPem }, res => {
            let body = '';
            res.on('data', chunk => (body += chunk));
            res.on('end', () => resolve({ status: res.statusCode, body }));
          })
          .on('error', reject);
      },
    );
    expect(raw.status).toBe(401);
    expect(JSON.parse(raw.body)).toMatchObject({
      kind: 'Status',
      reason: 'Unauthorized',
      code: 401,
    });

    await core.createNamespace({ body: { metadata: { name: 'conflicts' } } });
    const cm = await core.createNamespacedConfigMap({
      namespace: 'conflicts',
      body: { metadata: { name: 'c' } },
    });
    await core.replaceNamespacedConfigMap({
      namespace: 'conflicts',
      name: 'c',
      body: { ...cm, data: { v: '1' } },
    });
    expect(
      statusOf(
        await failure(
          core.replaceNamespacedConfigMap({
            namespace: 'conflicts',
            name: 'c',
            body: { ...cm, data: { v: '2' } },
          }),
        ),
      ),
    ).toMatchObject({ code: 409, reason: 'Conflict' });
  });

  describe('faults', () => {
    it('fails chosen requests with 500 and lets the rest through', async () => {
      const rule = cluster.faults.add({
        type: 'error',
        verb: 'create',
        resource: 'configmaps',
        after: 1,
        times: 1,
      });
      await core.createNamespace({ body: { metadata: { name: 'faulty' } } });
      const create = (name: string) =>
        core.createNamespacedConfigMap({
          namespace: 'faulty',
          body: { metadata: { name } },
        });
      await create('first');
      expect(statusOf(await failure(create('second')))).toMatchObject({
        code: 500,
        reason: 'InternalError',
      });
      await create('third');
      expect(cluster.faults.hits.get(rule)).toBe(1);
      const names = (
        await core.listNamespacedConfigMap({ namespace: 'faulty' })
      ).items.map(c => c.metadata!.name);
      expect(names).toEqual(['first', 'third']);
    });

    it('adds latency', async () => {
      cluster.faults.add({ type: 'latency', ms: 300, verb: 'list' });
      const started = Date.now();
      await core.listNode();
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    });

    it('drops connections and goes down, then recovers', async () => {
      cluster.faults.add({ type: 'drop', verb: 'get', times: 1 });
      await expect(core.readNode({ name: 'h100-0' })).rejects.toThrow();
      await expect(core.readNode({ name: 'h100-0' })).resolves.toMatchObject({
        metadata: { name: 'h100-0' },
      });

      cluster.faults.setDown(true);
      await expect(core.listNode()).rejects.toThrow();
      cluster.faults.setDown(false);
      await expect(core.listNode()).resolves.toHaveProperty('items');
    });
  });
});
