import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testTopology } from './__fixtures__/testTopology';
import { kubectl } from './__testUtils__/kubectl';
import { waitFor } from '@ai-platform/test-utils';
import { kubeconfigYaml } from './kubeconfig';
import { createSchemaValidation } from './schemaValidation';
import { ClusterSim, startClusterSim } from './startClusterSim';

const MANIFEST = `apiVersion: v1
kind: Namespace
metadata:
  name: team-x
---
apiVersion: v1
kind: ResourceQuota
metadata:
  name: gpu-quota
  namespace: team-x
spec:
  hard:
    requests.nvidia.com/gpu: "2"
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
              nvidia.com/gpu: 1
`;

const OVER_QUOTA = `apiVersion: v1
kind: Pod
metadata:
  name: too-big
  namespace: team-x
spec:
  containers:
    - name: c
      image: busybox:1.36
      resources:
        limits:
          nvidia.com/gpu: 4
`;

// Each test runs several kubectl processes, each a Go binary start of about
// 0.5 s that stretches to seconds when the test phase loads both cores.
jest.setTimeout(60_000);

describe('kubectl against the emulator', () => {
  let sim: ClusterSim;
  let dir: string;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const run = (...args: string[]) => kubectl(args, sim.kubeconfigPath);
  // `kubectl create namespace` sends protobuf, which the emulator does not speak.
  const createNamespace = (name: string) =>
    run(
      'apply',
      '-f',
      file(
        `ns-${name}.yaml`,
        `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`,
      ),
    );

  beforeAll(async () => {
    const schemas = createSchemaValidation({ required: true })!;
    sim = await startClusterSim({
      topology: testTopology,
      seed: 'nodes',
      validator: schemas.validator,
      openApi: schemas.openApi,
    });
    dir = mkdtempSync(join(tmpdir(), 'kubectl-test-'));
  }, 60_000); // compiling the OpenAPI schemas takes seconds on a busy machine
  afterAll(async () => {
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists nodes over HTTPS with the kubeconfig it wrote', async () => {
    const { code, stdout } = await run('get', 'nodes');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/m);
    expect(stdout).toMatch(/^h100-0\s+Ready\s+worker\s+\S+\s+v1\.35\.0$/m);
    expect(stdout).toMatch(/^h100-mig-0\s+Ready/m);
  });

  it('discovers the API resources', async () => {
    const { code, stdout } = await run('api-resources');
    expect(code).toBe(0);
    for (const row of [
      /^jobs\s+batch\/v1\s+true\s+Job$/m,
      /^resourcequotas\s+quota\s+v1\s+true\s+ResourceQuota$/m,
      /^localqueues\s+queue,queues,lq\s+kueue\.x-k8s\.io\/v1beta2\s+true\s+LocalQueue$/m,
      /^inferenceservices\s+isvc\s+serving\.kserve\.io\/v1beta1\s+true\s+InferenceService$/m,
      /^llminferenceservices\s+llmisvc\s+serving\.kserve\.io\/v1alpha1\s+true\s+LLMInferenceService$/m,
      /^policyreports\s+polr\s+wgpolicyk8s\.io\/v1alpha2\s+true\s+PolicyReport$/m,
    ]) {
      expect(stdout).toMatch(row);
    }
  });

  it('applies a manifest with validation, runs its Job, refuses a pod over quota and deletes the namespace', async () => {
    const manifest = file('manifest.yaml', MANIFEST);
    const applied = await run('apply', '-f', manifest);
    expect(applied.stderr).toBe('');
    expect(applied.stdout.trim().split('\n')).toEqual([
      'namespace/team-x created',
      'resourcequota/gpu-quota created',
      'rolebinding.rbac.authorization.k8s.io/team-x-edit created',
      'networkpolicy.networking.k8s.io/default-deny created',
      'job.batch/train created',
    ]);
    const again = await run('apply', '-f', manifest);
    expect(again.stdout).toContain('job.batch/train unchanged');

    const pod = await waitFor(async () => {
      const { stdout } = await run(
        'get',
        'pods',
        '-n',
        'team-x',
        '-l',
        'job-name=train',
        '-o',
        'json',
      );
      const item = JSON.parse(stdout).items[0];
      return item?.status?.phase === 'Running' ? item : undefined;
    });
    expect(pod.spec.nodeName).toBe('h100-0');

    const quota = JSON.parse(
      (await run('get', 'quota', 'gpu-quota', '-n', 'team-x', '-o', 'json'))
        .stdout,
    );
    expect(quota.status).toEqual({
      hard: { 'requests.nvidia.com/gpu': '2' },
      used: { 'requests.nvidia.com/gpu': '1' },
    });

    const overQuota = file('over-quota.yaml', OVER_QUOTA);
    const refused = await run('create', '-f', overQuota);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.trim()).toBe(
      `Error from server (Forbidden): error when creating "${overQuota}": pods "too-big" is forbidden: exceeded quota: gpu-quota, requested: requests.nvidia.com/gpu=4, used: requests.nvidia.com/gpu=1, limited: requests.nvidia.com/gpu=2`,
    );

    const deleted = await run('delete', 'namespace', 'team-x');
    expect(deleted.stdout.trim()).toBe('namespace "team-x" deleted');
    const gone = await run('get', 'namespace', 'team-x');
    expect(gone.stderr.trim()).toBe(
      'Error from server (NotFound): namespaces "team-x" not found',
    );
  });

  it('refuses unknown fields under strict validation, as kubectl apply asks', async () => {
    expect((await createNamespace('strict')).code).toBe(0);
    const bad = file(
      'bad.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\n  namespace: strict\ndatax:\n  a: b\n',
    );
    const { code, stderr } = await run('apply', '-f', bad);
    expect(code).not.toBe(0);
    expect(stderr).toContain('strict decoding error: unknown field "datax"');
  });

  it('reports server-side apply conflicts and takes fields over with --force-conflicts', async () => {
    expect((await createNamespace('ssa')).code).toBe(0);
    const quota = (gpus: number) =>
      file(
        `quota-${gpus}.yaml`,
        `apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: q\n  namespace: ssa\nspec:\n  hard:\n    requests.nvidia.com/gpu: "${gpus}"\n`,
      );
    expect(
      (
        await run(
          'apply',
          '--server-side',
          '--field-manager=portal',
          '-f',
          quota(4),
        )
      ).code,
    ).toBe(0);
    await run(
      'patch',
      'quota',
      'q',
      '-n',
      'ssa',
      '--type=merge',
      '-p',
      '{"spec":{"hard":{"requests.nvidia.com/gpu":"64"}}}',
    );
    const conflict = await run(
      'apply',
      '--server-side',
      '--field-manager=portal',
      '-f',
      quota(4),
    );
    expect(conflict.stderr).toContain(
      'Apply failed with 1 conflict: conflict with "kubectl-patch": .spec.hard.requests.nvidia.com/gpu',
    );
    const forced = await run(
      'apply',
      '--server-side',
      '--field-manager=portal',
      '--force-conflicts',
      '-f',
      quota(4),
    );
    expect(forced.stdout.trim()).toBe('resourcequota/q serverside-applied');
    const live = JSON.parse(
      (await run('get', 'quota', 'q', '-n', 'ssa', '-o', 'json')).stdout,
    );
    expect(live.spec.hard['requests.nvidia.com/gpu']).toBe('4');
  });

  it('answers Unauthorized to a wrong token and Forbidden to a read-only one', async () => {
    const cluster = sim.clusters[0];
    const config = (token: string) =>
      file(
        `kubeconfig-${token.slice(0, 6)}`,
        kubeconfigYaml([
          {
            name: cluster.name,
            server: cluster.url,
            token,
            caPem: cluster.caPem,
          },
        ]),
      );
    const wrong = await kubectl(['get', 'nodes'], config('not-a-valid-token'));
    expect(wrong.stderr).toContain(
      'error: You must be logged in to the server (Unauthorized)',
    );
    const viewer = config(cluster.readOnlyToken);
    expect((await kubectl(['get', 'nodes'], viewer)).code).toBe(0);
    const write = await kubectl(
      [
        'apply',
        '-f',
        file(
          'ns-nope.yaml',
          'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: nope\n',
        ),
      ],
      viewer,
    );
    expect(write.stderr).toContain('Error from server (Forbidden)');
    expect(write.stderr).toContain('User "viewer" cannot');
  });
});
