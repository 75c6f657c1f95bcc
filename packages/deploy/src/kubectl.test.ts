import { execFile } from 'node:child_process';
import path from 'node:path';
import {
  ClusterSim,
  createSchemaValidation,
  startClusterSim,
} from '@ai-platform/cluster-sim';
import {
  listManifestFiles,
  readManifests,
} from './__testUtils__/manifests/readManifests';
import { MANIFESTS_DIR } from './__testUtils__/paths';

/** kubectl from the machine, driven as the README tells the platform team. */
function kubectl(
  args: string[],
  kubeconfig: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      'kubectl',
      args,
      { env: { ...process.env, KUBECONFIG: kubeconfig }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
          reject(new Error('kubectl not found; these tests need it on PATH'));
          return;
        }
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/** What kubectl prints for each applied object: `clusterrole.rbac.authorization.k8s.io/name`. */
function printedName(object: {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
}) {
  const group = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')[0]
    : '';
  return `${object.kind.toLowerCase()}${group ? `.${group}` : ''}/${
    object.metadata.name
  }`;
}

const GPU_CLUSTER = path.join(MANIFESTS_DIR, 'gpu-cluster');
// The emulator serves no Secrets, apps or policy APIs: the token Secret, the
// Deployment and the PodDisruptionBudget are checked against the schemas only
// (manifests/schemas.test.ts).
const NOT_SERVED = new Set(['Secret', 'Deployment', 'PodDisruptionBudget']);
const served = (dir: string) =>
  readManifests(dir).filter(d => !NOT_SERVED.has(d.object.kind));
const filesOf = (dir: string, docs: ReturnType<typeof served>) =>
  [...new Set(docs.map(d => d.file))].flatMap(f => ['-f', path.join(dir, f)]);

describe('kubectl apply of the manifests on the simulated cluster', () => {
  let sim: ClusterSim;
  const run = (...args: string[]) => kubectl(args, sim.kubeconfigPath);

  beforeAll(async () => {
    const schemas = createSchemaValidation({ required: true })!;
    sim = await startClusterSim({
      seed: 'none',
      metrics: false,
      validator: schemas.validator,
      openApi: schemas.openApi,
    });
  }, 60_000); // compiling the OpenAPI schemas takes seconds on a busy machine
  afterAll(() => sim?.stop());

  it('accepts the GPU-cluster ServiceAccount and RBAC in a server-side dry run', async () => {
    const docs = served(GPU_CLUSTER);
    expect(listManifestFiles(GPU_CLUSTER).length).toBe(
      new Set(docs.map(d => d.file)).size + 1, // + 02-serviceaccount-token.yaml
    );
    // A dry run creates no namespace, so the namespaced objects need it first,
    // as on a real apiserver.
    const namespace = await run(
      'apply',
      '-f',
      path.join(GPU_CLUSTER, '00-namespace.yaml'),
    );
    expect(namespace.stdout.trim()).toBe(
      'namespace/ai-platform-portal created',
    );
    const dryRun = await run(
      'apply',
      '--dry-run=server',
      ...filesOf(GPU_CLUSTER, docs),
    );
    expect(dryRun.stderr).toBe('');
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout.trim().split('\n').sort()).toEqual(
      docs
        .map(
          d =>
            `${printedName(d.object)} ${
              d.object.kind === 'Namespace' ? 'unchanged' : 'created'
            } (server dry run)`,
        )
        .sort(),
    );
    const none = await run('get', 'clusterroles', '-o', 'name');
    expect(none.stdout).not.toContain('ai-platform-portal');
  }, 60_000);

  it('stores the roles exactly as written, and a second apply changes nothing', async () => {
    const docs = served(GPU_CLUSTER);
    const applied = await run('apply', ...filesOf(GPU_CLUSTER, docs));
    expect(applied.stderr).toBe('');
    expect(applied.stdout.trim().split('\n').sort()).toEqual(
      docs
        .map(
          d =>
            `${printedName(d.object)} ${
              d.object.kind === 'Namespace' ? 'unchanged' : 'created'
            }`,
        )
        .sort(),
    );
    for (const doc of docs.filter(d => d.object.kind === 'ClusterRole')) {
      const { stdout } = await run(
        'get',
        'clusterrole',
        doc.object.metadata.name,
        '-o',
        'json',
      );
      expect(JSON.parse(stdout).rules).toEqual(doc.object.rules);
    }
    const again = await run('apply', ...filesOf(GPU_CLUSTER, docs));
    expect(again.stdout.trim().split('\n').sort()).toEqual(
      docs.map(d => `${printedName(d.object)} unchanged`).sort(),
    );
  }, 60_000);

  it('accepts the portal objects the emulator serves in a server-side dry run', async () => {
    const dir = path.join(MANIFESTS_DIR, 'portal');
    const docs = served(dir);
    expect(docs.map(d => d.object.kind).sort()).toEqual([
      'ConfigMap',
      'Namespace',
      'Service',
      'ServiceAccount',
    ]);
    // On the other simulated cluster: the portal runs apart from the GPUs.
    const context = sim.clusters[1].name;
    const namespace = await run(
      'apply',
      '--context',
      context,
      '-f',
      path.join(dir, 'namespace.yaml'),
    );
    expect(namespace.stdout.trim()).toBe(
      'namespace/ai-platform-portal created',
    );
    const dryRun = await run(
      'apply',
      '--context',
      context,
      '--dry-run=server',
      ...filesOf(dir, docs),
    );
    expect(dryRun.stderr).toBe('');
    expect(dryRun.stdout.trim().split('\n').sort()).toEqual(
      docs
        .map(
          d =>
            `${printedName(d.object)} ${
              d.object.kind === 'Namespace' ? 'unchanged' : 'created'
            } (server dry run)`,
        )
        .sort(),
    );
  }, 60_000);
});
