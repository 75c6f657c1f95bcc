import { execFile } from 'node:child_process';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { waitFor } from '@ai-platform/test-utils';
import { testTopology } from '../__fixtures__/testTopology';
import { findResourceByKind } from '../api/resources';
import { writeOpenMetricsHistory } from '../dcgm/writeOpenMetricsHistory';
import { createSchemaValidation, SchemaValidation } from '../schemaValidation';
import {
  ClusterSim,
  ClusterSimOptions,
  FLEET_STATE_FILE,
  SimulatedCluster,
  startClusterSim,
} from '../startClusterSim';
import { loadTopology } from '../topology/loadTopology';
import { kubeConfigFor } from '../__testUtils__/kubeConfigFor';

/**
 * Issue 15: the simulated fleet keeps its objects in its state folder, as a
 * real cluster keeps them in etcd, so a portal restarted over the same data
 * finds the namespaces of its grants and the pods its metrics history names.
 */

const KUBECTL = process.env.KUBECTL ?? 'kubectl';

function kubectl(kubeconfig: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      KUBECTL,
      args,
      { env: { ...process.env, KUBECONFIG: kubeconfig }, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`kubectl ${args.join(' ')}: ${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

/** What a client of the cluster sees of every object, by kind, namespace and name. */
function objectsOf(cluster: SimulatedCluster) {
  return Object.fromEntries(
    cluster.api.store
      .allObjects()
      .map(o => [
        `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`,
        o,
      ]),
  );
}

/** Which pod holds each GPU (and MIG instance). */
function holders(sim: ClusterSim) {
  return sim.clusters.flatMap(c =>
    c.gpus.nodeGpus().flatMap(node =>
      node.devices.map(d => ({
        gpu: `${c.name}/${node.hostname}/${d.uuid}/${d.mig?.instanceId ?? ''}`,
        pod: d.holder && `${d.holder.namespace}/${d.holder.pod}`,
        uid: d.holder?.uid,
      })),
    ),
  );
}

const MANIFEST = `apiVersion: v1
kind: Namespace
metadata:
  name: team-x
  labels:
    ai-platform.io/team: team-x
---
apiVersion: v1
kind: ResourceQuota
metadata:
  name: gpu-quota
  namespace: team-x
spec:
  hard:
    requests.nvidia.com/gpu: "4"
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: team-x-edit
  namespace: team-x
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: edit
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: team-x
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: team-x
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata:
  name: team-x
  namespace: team-x
spec:
  clusterQueue: gpu
---
apiVersion: batch/v1
kind: Job
metadata:
  name: train
  namespace: team-x
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: trainer
          image: nvcr.io/nvidia/pytorch:25.10-py3
          resources:
            limits:
              nvidia.com/gpu: 2
`;

// Two or three fleet starts per test, with kubectl and client-node calls,
// on a machine that may be busy.
jest.setTimeout(180_000);

describe('a simulated fleet with a state folder', () => {
  let schemas: SchemaValidation;
  let dir: string;
  const running: ClusterSim[] = [];

  const start = async (options: ClusterSimOptions = {}) => {
    const sim = await startClusterSim({
      topology: testTopology,
      stateDir: dir,
      kubeconfigPath: join(dir, 'kubeconfig'),
      validator: schemas.validator,
      openApi: schemas.openApi,
      metrics: false,
      ...options,
    });
    running.push(sim);
    return sim;
  };
  const stop = async (sim: ClusterSim) => {
    running.splice(running.indexOf(sim), 1);
    await sim.stop();
  };

  beforeAll(() => {
    schemas = createSchemaValidation({ required: true })!;
  }, 60_000); // compiling the OpenAPI schemas takes seconds on a busy machine
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cluster-sim-state-'));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map(sim => sim.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('comes back with what kubectl and client-node made, and without what they deleted', async () => {
    const first = await start({ seed: 'nodes' });
    const cluster = first.clusters[0];
    expect(cluster.restored).toBe(false);
    const kc = kubeConfigFor(cluster);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);

    // kubectl: a team's namespace with quota, RBAC, network policy, a Kueue
    // queue (a custom resource) and a Job whose pod holds two GPUs.
    writeFileSync(join(dir, 'manifest.yaml'), MANIFEST);
    await kubectl(first.kubeconfigPath, [
      'apply',
      '-f',
      join(dir, 'manifest.yaml'),
    ]);
    // client-node: a second namespace with a pod and a ClusterRole, and a
    // third namespace and a ConfigMap that are deleted again.
    for (const name of ['team-y', 'team-gone']) {
      await core.createNamespace({ body: { metadata: { name } } });
    }
    await core.createNamespacedPod({
      namespace: 'team-y',
      body: {
        metadata: { name: 'notebook', labels: { app: 'notebook' } },
        spec: {
          containers: [
            {
              name: 'main',
              image: 'quay.io/jupyter/pytorch-notebook:cuda12-2025-10-20',
              resources: { limits: { 'nvidia.com/gpu': '1' } },
            },
          ],
        },
      },
    });
    await rbac.createClusterRole({
      body: {
        metadata: { name: 'gpu-viewer' },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
      },
    });
    await core.createNamespacedConfigMap({
      namespace: 'team-y',
      body: { metadata: { name: 'scratch' }, data: { a: '1' } },
    });
    await core.deleteNamespacedConfigMap({
      namespace: 'team-y',
      name: 'scratch',
    });
    await core.deleteNamespace({ name: 'team-gone' });
    const pods = findResourceByKind('v1', 'Pod')!;
    await waitFor(() => {
      const all = cluster.api.store.list(pods);
      const gone = !cluster.api.store.get(
        findResourceByKind('v1', 'Namespace')!,
        undefined,
        'team-gone',
      );
      return gone &&
        all.some(p => p.metadata.namespace === 'team-x') &&
        all.some(p => p.metadata.namespace === 'team-y') &&
        all.every(p => (p.status as any)?.phase === 'Running')
        ? true
        : undefined;
    }, 30_000);

    const before = objectsOf(cluster);
    const revisionBefore = Number(cluster.api.store.resourceVersion);
    const gpusBefore = holders(first);
    const podNamesBefore = await kubectl(first.kubeconfigPath, [
      'get',
      'pods',
      '-A',
      '-o',
      'custom-columns=NS:.metadata.namespace,NAME:.metadata.name,UID:.metadata.uid,NODE:.spec.nodeName',
    ]);
    await stop(first);

    const second = await start({ seed: 'nodes' });
    const restored = second.clusters[0];
    expect(restored.restored).toBe(true);

    // The same objects: uids, resourceVersions, managed fields, status.
    expect(objectsOf(restored)).toEqual(before);
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining([
        'Namespace /team-x',
        'ResourceQuota team-x/gpu-quota',
        'RoleBinding team-x/team-x-edit',
        'NetworkPolicy team-x/default-deny',
        'LocalQueue team-x/team-x',
        'Job team-x/train',
        'Pod team-y/notebook',
        'ClusterRole /gpu-viewer',
        'Node /h100-0',
      ]),
    );
    // Deleted objects stay deleted.
    expect(Object.keys(before)).not.toContain('Namespace /team-gone');
    expect(Object.keys(before)).not.toContain('ConfigMap team-y/scratch');
    const kc2 = kubeConfigFor(restored);
    const core2 = kc2.makeApiClient(k8s.CoreV1Api);
    await expect(core2.readNamespace({ name: 'team-gone' })).rejects.toThrow(
      /404/,
    );
    // The same pods on the same nodes, as kubectl lists them, holding the same GPUs.
    expect(
      await kubectl(second.kubeconfigPath, [
        'get',
        'pods',
        '-A',
        '-o',
        'custom-columns=NS:.metadata.namespace,NAME:.metadata.name,UID:.metadata.uid,NODE:.spec.nodeName',
      ]),
    ).toBe(podNamesBefore);
    expect(holders(second)).toEqual(gpusBefore);
    expect(gpusBefore.filter(g => g.pod)).toHaveLength(3);
    // The Job still has its one pod: the controller did not start another.
    const jobPods = await core2.listNamespacedPod({
      namespace: 'team-x',
      labelSelector: 'job-name=train',
    });
    expect(jobPods.items).toHaveLength(1);

    // resourceVersions go on from where they were.
    const created = await core2.createNamespacedConfigMap({
      namespace: 'team-y',
      body: { metadata: { name: 'after-restart' } },
    });
    expect(Number(created.metadata!.resourceVersion)).toBeGreaterThan(
      revisionBefore,
    );
    // A watch from before the restart must re-list (its events are gone).
    expect(() =>
      restored.api.store.watch(pods, String(revisionBefore - 1), () => {}),
    ).toThrow(/too old resource version/);

    // The quota still counts the restored Job's two GPUs: two more fit, a fifth not.
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
    await core2.createNamespacedPod({ namespace: 'team-x', body: pod('a', 2) });
    await expect(
      core2.createNamespacedPod({ namespace: 'team-x', body: pod('b', 1) }),
    ).rejects.toThrow(/exceeded quota/);
    // And the scheduler gives the new pod GPUs nobody else holds.
    await waitFor(
      () =>
        holders(second).some(g => g.pod === 'team-x/a') ? true : undefined,
      30_000,
    );
    const taken = holders(second).filter(g => g.pod);
    expect(new Set(taken.map(g => g.gpu)).size).toBe(taken.length);
    await stop(second);

    // A third start has the changes of the second.
    const third = await start({ seed: 'nodes' });
    expect(Object.keys(objectsOf(third.clusters[0]))).toEqual(
      expect.arrayContaining([
        'ConfigMap team-y/after-restart',
        'Pod team-x/a',
      ]),
    );
  });

  it('writes the file shortly after a change, atomically, without waiting for stop', async () => {
    const sim = await start({ seed: 'nodes' });
    const file = join(dir, FLEET_STATE_FILE);
    expect(sim.stateFile).toBe(file);
    const core = kubeConfigFor(sim.clusters[0]).makeApiClient(k8s.CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'written' } } });
    await waitFor(
      () =>
        readFileSync(file, 'utf8').includes('"name":"written"')
          ? true
          : undefined,
      30_000,
    );
    // Only the state file: the temporary file it was written to was renamed over it.
    expect(
      readdirSync(dir).filter(f => f.startsWith(FLEET_STATE_FILE)),
    ).toEqual([FLEET_STATE_FILE]);
  });

  it.each([
    [
      'a half-written file',
      (text: string) => text.slice(0, Math.floor(text.length / 2)),
      /not complete JSON/,
    ],
    [
      'a file of another version',
      (text: string) => JSON.stringify({ ...JSON.parse(text), version: 2 }),
      /\/version must be equal to constant/,
    ],
    [
      'an object without a uid',
      (text: string) => {
        const state = JSON.parse(text);
        delete state.clusters.test.store.objects.nodes[0].metadata.uid;
        return JSON.stringify(state);
      },
      "/clusters/test/store/objects/nodes/0/metadata must have required property 'uid'",
    ],
    [
      'an object newer than its store',
      (text: string) => {
        const state = JSON.parse(text);
        state.clusters.test.store.resourceVersion = 1;
        return JSON.stringify(state);
      },
      /\/clusters\/test\/store\/objects\/namespaces: gpu-operator has resourceVersion \d+, after the store's 1/,
    ],
  ])('refuses to start on %s, naming the file', async (_, spoil, problem) => {
    await stop(await start({ seed: 'nodes' }));
    const file = join(dir, FLEET_STATE_FILE);
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, spoil(good));
    const refused = start({ seed: 'nodes' });
    await expect(refused).rejects.toThrow(
      `the fleet state file ${file} cannot be used`,
    );
    await expect(refused).rejects.toThrow(problem);
    // Nothing was overwritten: putting the good file back starts the fleet.
    writeFileSync(file, good);
    expect((await start({ seed: 'nodes' })).clusters[0].restored).toBe(true);
  });
});

describe('the demo fleet restarted over its state folder', () => {
  it('keeps every seeded pod name, uid and GPU, so its metrics history is the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cluster-sim-demo-state-'));
    // Two minutes up to now: the seeded pods started days ago, so they hold their GPUs throughout.
    const end = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const history = async (sim: ClusterSim) => {
      const out = new PassThrough();
      let text = '';
      out.on('data', chunk => {
        text += chunk;
      });
      await writeOpenMetricsHistory(
        sim.clusters.flatMap(c => c.gpus.nodeGpus()),
        out,
        {
          seed: loadTopology().seed,
          start: new Date(end.getTime() - 120_000),
          end,
        },
      );
      return text;
    };
    const options = { stateDir: dir, tls: false, metrics: false } as const;
    try {
      const first = await startClusterSim(options);
      const pods = findResourceByKind('v1', 'Pod')!;
      const podsOf = (sim: ClusterSim) =>
        sim.clusters.flatMap(c =>
          c.api.store
            .list(pods)
            .map(
              p =>
                `${c.name} ${p.metadata.namespace}/${p.metadata.name} ${p.metadata.uid}`,
            ),
        );
      const podsBefore = podsOf(first);
      const historyBefore = await history(first);
      await first.stop();

      const second = await startClusterSim(options);
      try {
        expect(second.clusters.every(c => c.restored)).toBe(true);
        expect(podsOf(second)).toEqual(podsBefore);
        // Job pods too, whose names the Job controller made up at random.
        const jobPods = second.clusters.flatMap(c =>
          c.api.store
            .list(pods)
            .filter(p => p.metadata.ownerReferences?.[0]?.kind === 'Job'),
        );
        expect(jobPods.length).toBeGreaterThan(3);
        const historyAfter = await history(second);
        expect(historyAfter).toEqual(historyBefore);
        // The history names each pod that holds a GPU, and no other (free
        // GPUs carry the exporter's own pod, in the GPU Operator's namespace).
        const named = new Set(
          [...historyAfter.matchAll(/namespace="([^"]+)",pod="([^"]+)"/g)]
            .map(m => `${m[1]}/${m[2]}`)
            .filter(p => !p.startsWith('gpu-operator/')),
        );
        const holding = new Set(
          holders(second).flatMap(g => (g.pod ? [g.pod] : [])),
        );
        expect(holding.size).toBeGreaterThan(5);
        expect([...named].sort()).toEqual([...holding].sort());
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
