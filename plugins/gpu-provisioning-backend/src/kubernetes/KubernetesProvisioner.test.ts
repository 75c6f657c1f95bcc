import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { KubernetesObject } from '@kubernetes/client-node';
import { ClusterSim } from '@ai-platform/cluster-sim';
import { DataClassification } from '@ai-platform/plugin-gpu-provisioning-common';
import { GrantSpec } from '../types';
import { clustersFor } from './__testUtils__/clustersFor';
import { kubectl } from './__testUtils__/kubectl';
import { startValidatingSim } from './__testUtils__/startValidatingSim';
import { testProvisioningConfig } from './__testUtils__/testProvisioningConfig';
import { testGrant } from './__testUtils__/testGrant';
import { waitFor } from '@ai-platform/test-utils';
import { KubernetesProvisioner } from './KubernetesProvisioner';

// Each file starts its own simulated fleet; under a parallel run that takes a few seconds.
jest.setTimeout(30_000);

const CLUSTER = 'gpu-prod';

describe('KubernetesProvisioner', () => {
  let sim: ClusterSim;
  let provisioner: KubernetesProvisioner;
  const logger = mockServices.logger.mock();

  const grantOf = (overrides: Parameters<typeof testGrant>[0] = {}) =>
    testGrant({ expiresAt: '2026-01-12T09:00:00.000Z', ...overrides });
  const ns = (grant: GrantSpec) => grant.request.namespace!;
  const get = (args: string[]) =>
    kubectl(sim, CLUSTER, [...args, '-o', 'json']);
  const namespaceGone = (grant: GrantSpec) =>
    waitFor(async () =>
      (await get(['get', 'namespaces'])).items.some(
        (n: any) => n.metadata.name === ns(grant),
      )
        ? undefined
        : true,
    );

  beforeAll(async () => {
    sim = await startValidatingSim({ seed: 'nodes' });
    provisioner = KubernetesProvisioner.create({
      clusters: clustersFor(sim),
      config: testProvisioningConfig(),
      logger,
    });
  });
  afterEach(() => sim.clusters.forEach(c => c.faults.clear()));
  afterAll(() => sim?.stop());

  it('applies the namespace, quota and role binding that kubectl then shows', async () => {
    const grant = grantOf({ dataClassification: 'confidential' });
    await provisioner.apply(grant);

    const namespace = await get(['get', 'namespace', ns(grant)]);
    expect(namespace.metadata.labels).toEqual(
      expect.objectContaining({
        'app.kubernetes.io/managed-by': 'ai-platform-portal',
        'ai-platform.io/team': 'ml-platform',
        'ai-platform.io/grant-id': grant.request.id,
        'ai-platform.io/data-classification': 'confidential',
        'ai-platform.io/cost-center': 'CC-4711',
        'ai-platform.io/expires-at': String(
          Date.parse('2026-01-12T09:00:00Z') / 1000,
        ),
        'ai-platform.io/entity': 'assistant-api',
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
      }),
    );
    expect(namespace.metadata.annotations).toEqual(
      expect.objectContaining({
        'ai-platform.io/requested-by': 'user:default/jane.doe',
        'ai-platform.io/team-ref': 'group:default/ml-platform',
        'ai-platform.io/entity-ref': 'component:default/assistant-api',
        'ai-platform.io/expires-at': '2026-01-12T09:00:00.000Z',
        'ai-platform.io/purpose': 'fine-tuning',
        'ai-platform.io/gpus': '2 x h100',
      }),
    );

    const { items } = await get([
      'get',
      'resourcequota,rolebinding,networkpolicy',
      '-n',
      ns(grant),
    ]);
    const byKind = Object.fromEntries(items.map((i: any) => [i.kind, i]));
    expect(Object.keys(byKind).sort()).toEqual([
      'NetworkPolicy',
      'ResourceQuota',
      'RoleBinding',
    ]);
    expect(byKind.ResourceQuota.metadata.name).toBe('gpu-grant');
    expect(byKind.ResourceQuota.spec.hard).toEqual({
      'requests.nvidia.com/gpu': '2',
      'requests.nvidia.com/mig-1g.10gb': '0',
      'requests.nvidia.com/mig-2g.20gb': '0',
      'requests.nvidia.com/mig-3g.40gb': '0',
    });
    expect(byKind.RoleBinding.metadata.name).toBe('gpu-grant-team');
    expect(byKind.RoleBinding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'edit',
    });
    expect(byKind.RoleBinding.subjects).toEqual([
      {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Group',
        name: 'oidc:ml-platform',
      },
    ]);
    expect(byKind.NetworkPolicy.metadata.name).toBe('default-deny');
    expect(byKind.NetworkPolicy.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
    for (const item of items) {
      expect(item.metadata.labels).toEqual({
        'app.kubernetes.io/managed-by': 'ai-platform-portal',
        'ai-platform.io/grant-id': grant.request.id,
      });
    }
  });

  it.each<[DataClassification, boolean]>([
    ['public', false],
    ['internal', false],
    ['confidential', true],
    ['restricted', true],
  ])(
    'for %s data applies a default-deny NetworkPolicy: %s',
    async (dataClassification, expected) => {
      const grant = grantOf({ dataClassification });
      await provisioner.apply(grant);
      const { items } = await get(['get', 'networkpolicies', '-n', ns(grant)]);
      expect(items.map((i: any) => i.metadata.name)).toEqual(
        expected ? ['default-deny'] : [],
      );
    },
  );

  it('is idempotent: a second apply changes no resourceVersion', async () => {
    const grant = grantOf({ dataClassification: 'restricted' });
    await provisioner.apply(grant);
    const versions = async () => {
      const [namespace, { items }] = await Promise.all([
        get(['get', 'namespace', ns(grant)]),
        get([
          'get',
          'resourcequota,rolebinding,networkpolicy',
          '-n',
          ns(grant),
        ]),
      ]);
      return Object.fromEntries(
        [namespace, ...items].map((o: any) => [
          `${o.kind}/${o.metadata.name}`,
          o.metadata.resourceVersion,
        ]),
      );
    };
    // The quota controller writes status.used once; then nothing moves.
    await waitFor(async () =>
      (
        await get(['get', 'resourcequota', 'gpu-grant', '-n', ns(grant)])
      ).status?.used
        ? true
        : undefined,
    );
    const before = await versions();
    const start = Date.now();
    await provisioner.apply(grant);
    const elapsed = Date.now() - start;
    expect(await versions()).toEqual(before);
    expect(Object.keys(before)).toHaveLength(4);
    expect(elapsed).toBeLessThan(2000);
  });

  it('limits a MIG grant to its profile: every other GPU resource has a quota of 0', async () => {
    const grant = grantOf({ migProfile: '1g.10gb', count: 3 });
    await provisioner.apply(grant);
    const quota = await get([
      'get',
      'resourcequota',
      'gpu-grant',
      '-n',
      ns(grant),
    ]);
    expect(quota.spec.hard).toEqual({
      'requests.nvidia.com/gpu': '0',
      'requests.nvidia.com/mig-1g.10gb': '3',
      'requests.nvidia.com/mig-2g.20gb': '0',
      'requests.nvidia.com/mig-3g.40gb': '0',
    });
    // The cluster enforces it: a pod asking for a whole GPU is refused.
    const core = clustersFor(sim).core(CLUSTER);
    await waitFor(async () =>
      (
        await get(['get', 'resourcequota', 'gpu-grant', '-n', ns(grant)])
      ).status?.hard
        ? true
        : undefined,
    );
    await expect(
      core.createNamespacedPod({
        namespace: ns(grant),
        body: {
          metadata: { name: 'whole-gpu' },
          spec: {
            containers: [
              {
                name: 'main',
                image: 'busybox:1.36',
                resources: { limits: { 'nvidia.com/gpu': '1' } },
              },
            ],
          },
        },
      }),
    ).rejects.toMatchObject({ code: 403 });
  });

  it('reports drift someone made with kubectl and takes it back on the next apply', async () => {
    const grant = grantOf({ dataClassification: 'confidential' });
    await provisioner.apply(grant);
    expect(await provisioner.inspect(grant)).toEqual({
      namespaceExists: true,
      drifted: [],
    });

    await kubectl(sim, CLUSTER, [
      'patch',
      'resourcequota',
      'gpu-grant',
      '-n',
      ns(grant),
      '--type',
      'merge',
      '-p',
      '{"spec":{"hard":{"requests.nvidia.com/gpu":"64"}}}',
    ]);
    await kubectl(sim, CLUSTER, [
      'delete',
      'rolebinding',
      'gpu-grant-team',
      '-n',
      ns(grant),
    ]);
    await kubectl(sim, CLUSTER, [
      'label',
      'namespace',
      ns(grant),
      '--overwrite',
      'pod-security.kubernetes.io/enforce=privileged',
    ]);
    const drift = await provisioner.inspect(grant);
    expect(drift.namespaceExists).toBe(true);
    expect(drift.drifted.sort()).toEqual([
      `Namespace/${ns(grant)}`,
      'ResourceQuota/gpu-grant',
      'RoleBinding/gpu-grant-team',
    ]);

    await provisioner.apply(grant);
    expect(await provisioner.inspect(grant)).toEqual({
      namespaceExists: true,
      drifted: [],
    });
    const quota = await get([
      'get',
      'resourcequota',
      'gpu-grant',
      '-n',
      ns(grant),
    ]);
    expect(quota.spec.hard['requests.nvidia.com/gpu']).toBe('2');
    const namespace = await get(['get', 'namespace', ns(grant)]);
    expect(
      namespace.metadata.labels['pod-security.kubernetes.io/enforce'],
    ).toBe('restricted');
  });

  it('counts a subject someone added to the role binding as drift', async () => {
    const grant = grantOf();
    await provisioner.apply(grant);
    await kubectl(sim, CLUSTER, [
      'patch',
      'rolebinding',
      'gpu-grant-team',
      '-n',
      ns(grant),
      '--type',
      'json',
      '-p',
      '[{"op":"add","path":"/subjects/-","value":{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"mallory"}}]',
    ]);
    expect((await provisioner.inspect(grant)).drifted).toEqual([
      'RoleBinding/gpu-grant-team',
    ]);
    await provisioner.apply(grant);
    const binding = await get([
      'get',
      'rolebinding',
      'gpu-grant-team',
      '-n',
      ns(grant),
    ]);
    expect(binding.subjects.map((s: any) => s.name)).toEqual([
      'oidc:ml-platform',
    ]);
  });

  it('sees a deleted namespace as gone, and removes idempotently', async () => {
    const grant = grantOf();
    await provisioner.apply(grant);
    await provisioner.remove(grant);
    await provisioner.remove(grant);
    await namespaceGone(grant);
    expect(await provisioner.inspect(grant)).toEqual({
      namespaceExists: false,
      drifted: [],
    });
    await expect(provisioner.remove(grant)).resolves.toBeUndefined();
  });

  // A new grant's namespace is created; everything in it is applied.
  it.each([
    ['namespaces', 'create', 'error', /injected fault/],
    ['resourcequotas', 'patch', 'error', /injected fault/],
    ['networkpolicies', 'patch', 'error', /injected fault/],
    ['rolebindings', 'patch', 'error', /injected fault/],
    ['rolebindings', 'patch', 'drop', /./],
  ] as const)(
    'is all or nothing when the %s %s fails (%s), and a retry applies everything',
    async (resource, verb, type, message) => {
      const grant = grantOf({ dataClassification: 'confidential' });
      const rule = sim.cluster(CLUSTER).faults.add({
        type,
        verb,
        resource,
        times: 1,
      });
      const failure = provisioner.apply(grant);
      await expect(failure).rejects.toThrow(
        new RegExp(`Could not apply .* of grant ${grant.request.id}`),
      );
      await expect(failure).rejects.toThrow(message);
      expect(sim.cluster(CLUSTER).faults.hits.get(rule)).toBe(1);
      await namespaceGone(grant);

      await provisioner.apply(grant);
      expect(await provisioner.inspect(grant)).toEqual({
        namespaceExists: true,
        drifted: [],
      });
    },
  );

  it('ends every attempt fully applied or fully rolled back when the API fails at random', async () => {
    const grant = grantOf({ dataClassification: 'confidential' });
    const faults = sim.cluster(CLUSTER).faults;
    faults.add({ type: 'error', verb: 'patch', probability: 0.3 });
    faults.add({ type: 'error', verb: 'create', probability: 0.3 });
    let failures = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        await provisioner.apply(grant);
        break;
      } catch {
        failures += 1;
        // Nothing is left behind (once the terminating namespace is gone).
        await namespaceGone(grant);
      }
      if (attempt > 50) throw new Error('apply never succeeded');
    }
    expect(failures).toBeGreaterThan(0);
    faults.clear();
    expect(await provisioner.inspect(grant)).toEqual({
      namespaceExists: true,
      drifted: [],
    });
  });

  it('leaves a namespace it did not create in place when an apply fails', async () => {
    const grant = grantOf();
    await provisioner.apply(grant);
    await kubectl(sim, CLUSTER, [
      'delete',
      'rolebinding',
      'gpu-grant-team',
      '-n',
      ns(grant),
    ]);
    sim.cluster(CLUSTER).faults.add({
      type: 'error',
      verb: 'patch',
      resource: 'rolebindings',
      times: 1,
    });
    await expect(provisioner.apply(grant)).rejects.toThrow(
      /RoleBinding\/gpu-grant-team/,
    );
    expect((await provisioner.inspect(grant)).drifted).toEqual([
      'RoleBinding/gpu-grant-team',
    ]);
  });

  it('refuses to adopt or delete a namespace of that name that is not the grant', async () => {
    const grant = grantOf();
    const core = clustersFor(sim).core(CLUSTER);
    await core.createNamespace({
      body: {
        metadata: { name: ns(grant), labels: { owner: 'someone-else' } },
      },
    });
    await expect(provisioner.apply(grant)).rejects.toThrow(ConflictError);
    await provisioner.remove(grant);
    const namespace = await get(['get', 'namespace', ns(grant)]);
    expect(namespace.metadata.labels).toEqual(
      expect.objectContaining({ owner: 'someone-else' }),
    );
    expect(
      namespace.metadata.labels['ai-platform.io/grant-id'],
    ).toBeUndefined();
    expect(await provisioner.inspect(grant)).toEqual({
      namespaceExists: false,
      drifted: [],
    });
  });

  it('replaces the role binding when the configured ClusterRole changes', async () => {
    const grant = grantOf();
    await provisioner.apply(grant);
    const viewer = KubernetesProvisioner.create({
      clusters: clustersFor(sim),
      config: testProvisioningConfig({
        namespaces: { groupNameTemplate: 'oidc:{team}', clusterRole: 'view' },
      }),
      logger,
    });
    expect((await viewer.inspect(grant)).drifted).toEqual([
      'RoleBinding/gpu-grant-team',
    ]);
    await viewer.apply(grant);
    const binding = await get([
      'get',
      'rolebinding',
      'gpu-grant-team',
      '-n',
      ns(grant),
    ]);
    expect(binding.roleRef.name).toBe('view');
    expect(binding.subjects[0].name).toBe('oidc:ml-platform');
  });

  it.each([
    [
      'a team name with spaces and quotes',
      'Data Science "ops"',
      'Data-Science-ops',
    ],
    ['a unicode team name', 'équipe-ünïcødé', 'quipe-n-c-d'],
    ['a label injection attempt', 'ml,team=admin', 'ml-team-admin'],
  ])('keeps labels valid for %s', async (_case, teamName, label) => {
    const grant: GrantSpec = {
      ...grantOf({
        team: `group:default/x${Math.random().toString(36).slice(2, 8)}`,
      }),
      teamName,
      costCenter: 'CC 12/34 (R&D) ✓',
    };
    await provisioner.apply(grant);
    const namespace = await get(['get', 'namespace', ns(grant)]);
    expect(namespace.metadata.labels['ai-platform.io/team']).toBe(label);
    expect(namespace.metadata.labels['ai-platform.io/cost-center']).toBe(
      'CC-12-34-R-D',
    );
    expect(namespace.metadata.annotations['ai-platform.io/cost-center']).toBe(
      'CC 12/34 (R&D) ✓',
    );
  });

  it('omits a cost centre with nothing label-safe in it', async () => {
    const grant: GrantSpec = { ...grantOf(), costCenter: '€€€' };
    await provisioner.apply(grant);
    const namespace = await get(['get', 'namespace', ns(grant)]);
    expect(
      namespace.metadata.labels['ai-platform.io/cost-center'],
    ).toBeUndefined();
    expect(namespace.metadata.annotations['ai-platform.io/cost-center']).toBe(
      '€€€',
    );
  });

  it('names an unknown cluster', async () => {
    const grant = grantOf({ cluster: 'gpu-nowhere' });
    await expect(provisioner.apply(grant)).rejects.toThrow(NotFoundError);
    await expect(provisioner.apply(grant)).rejects.toThrow(/gpu-nowhere/);
  });

  describe('in kueue mode', () => {
    let kueue: KubernetesProvisioner;
    beforeAll(() => {
      kueue = KubernetesProvisioner.create({
        clusters: clustersFor(sim),
        config: testProvisioningConfig({
          mode: 'kueue',
          kueue: {
            clusterQueueTemplate: 'team-{team}',
            flavors: { h100: 'h100-sxm' },
          },
        }),
        logger,
      });
    });

    it('applies a valid LocalQueue bound to the team ClusterQueue, and the ResourceFlavor', async () => {
      const grant = grantOf();
      await kueue.apply(grant);
      const { items } = await get([
        'get',
        'localqueues.kueue.x-k8s.io,resourcequotas',
        '-n',
        ns(grant),
      ]);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        apiVersion: 'kueue.x-k8s.io/v1beta2',
        kind: 'LocalQueue',
        metadata: { name: 'gpu-grant', namespace: ns(grant) },
        spec: { clusterQueue: 'team-ml-platform' },
      });
      const flavor = await get([
        'get',
        'resourceflavors.kueue.x-k8s.io',
        'h100-sxm',
      ]);
      expect(flavor.spec.nodeLabels).toEqual({
        'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3',
      });
      expect(await kueue.inspect(grant)).toEqual({
        namespaceExists: true,
        drifted: [],
      });
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('ClusterQueue'),
        expect.objectContaining({ clusterQueue: 'team-ml-platform' }),
      );

      await kubectl(sim, CLUSTER, [
        'patch',
        'localqueues.kueue.x-k8s.io',
        'gpu-grant',
        '-n',
        ns(grant),
        '--type',
        'merge',
        '-p',
        '{"spec":{"clusterQueue":"someone-elses-queue"}}',
      ]);
      expect((await kueue.inspect(grant)).drifted).toEqual([
        'LocalQueue/gpu-grant',
      ]);
      await kueue.apply(grant);
      expect(await kueue.inspect(grant)).toEqual({
        namespaceExists: true,
        drifted: [],
      });
    });

    it('leaves a ResourceFlavor the platform team manages as it is', async () => {
      const managed: KubernetesObject & { spec: object } = {
        apiVersion: 'kueue.x-k8s.io/v1beta2',
        kind: 'ResourceFlavor',
        metadata: { name: 'a100' },
        spec: { nodeLabels: { pool: 'a100-reserved' } },
      };
      await clustersFor(sim).objects(CLUSTER).create(managed);
      const grant = grantOf({ gpuClass: 'a100' });
      await kueue.apply(grant);
      const flavor = await get([
        'get',
        'resourceflavors.kueue.x-k8s.io',
        'a100',
      ]);
      expect(flavor.spec.nodeLabels).toEqual({ pool: 'a100-reserved' });
    });
  });
});
