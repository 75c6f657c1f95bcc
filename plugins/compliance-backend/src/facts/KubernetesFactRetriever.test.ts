import { Entity } from '@backstage/catalog-model';
import { ClusterSnapshotSource } from '../kubernetes/ComplianceClusters';
import { ClusterSnapshot } from '../kubernetes/types';
import {
  KubernetesFactRetriever,
  normalizeImage,
} from './KubernetesFactRetriever';

const context = {
  groups: new Map(),
  knownRefs: new Set<string>(),
  now: new Date(),
};

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', namespace: 'default', annotations },
    spec: { owner: 'team-a' },
  };
}

const snapshot: ClusterSnapshot = {
  cluster: 'c1',
  readAt: '2026-11-22T06:00:00.000Z',
  namespaces: [
    {
      metadata: { name: 'team-a', labels: { 'ai-platform.io/team': 'team-a' } },
    },
  ],
  pods: [
    {
      metadata: {
        name: 'p',
        namespace: 'team-a',
        labels: { 'backstage.io/kubernetes-id': 'svc' },
      },
      spec: {
        containers: [
          {
            image: 'ghcr.io/acme/svc:1',
            resources: { limits: { 'nvidia.com/gpu': '1' } },
          },
          { image: 'busybox' },
        ],
      },
    },
  ],
  quotas: [],
  networkPolicies: [
    // Selects some pods only: not a default deny.
    {
      metadata: { name: 'partial', namespace: 'team-a' },
      spec: {
        podSelector: { matchLabels: { app: 'x' } },
        policyTypes: ['Ingress'],
      },
    },
  ],
  clusterRoleBindings: [],
  roleBindings: [
    {
      metadata: { name: 'admins', namespace: 'team-a' },
      roleRef: { kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'Group', name: 'team-a' }],
    },
  ],
  policyReports: [],
};

function source(failing?: string): ClusterSnapshotSource {
  return {
    names: () => (failing ? ['c1', failing] : ['c1']),
    snapshot: async name => {
      if (name === failing)
        throw new Error(`Kubernetes cluster '${name}' could not be read`);
      return snapshot;
    },
  };
}

describe('KubernetesFactRetriever', () => {
  it('reports the namespace posture of the entity’s workloads', async () => {
    const retriever = KubernetesFactRetriever.create({
      clusters: source(),
      allowedRegistries: ['ghcr.io/acme'],
    });
    const facts = await retriever.retrieve(
      [entity({ 'backstage.io/kubernetes-id': 'svc' })],
      context,
    );
    expect(facts.get('component:default/svc')).toEqual({
      retriever: 'k8s',
      collectedAt: '2026-11-22T06:00:00.000Z',
      values: {
        'k8s.namespaces': ['c1/team-a'],
        'k8s.namespacesWithoutDefaultDeny': ['c1/team-a'],
        'k8s.namespacesNotRestricted': ['c1/team-a'],
        'k8s.clusterAdminBindings': ['c1/team-a/RoleBinding/admins'],
        'k8s.gpuNamespaces': ['c1/team-a'],
        'k8s.gpuNamespacesWithoutQuota': ['c1/team-a'],
        'k8s.images': ['docker.io/library/busybox', 'ghcr.io/acme/svc:1'],
        'k8s.disallowedImages': ['docker.io/library/busybox'],
        'k8s.policyReportFailures': [],
      },
    });
  });

  it('makes every cluster fact unknown when a cluster cannot be read', async () => {
    const reads: Array<[string, boolean]> = [];
    const retriever = KubernetesFactRetriever.create({
      clusters: source('c2'),
      allowedRegistries: [],
      onClusterRead: (cluster, error) => {
        reads.push([cluster, !!error]);
      },
    });
    const facts = await retriever.retrieve(
      [entity({ 'backstage.io/kubernetes-id': 'svc' })],
      context,
    );
    expect(facts.get('component:default/svc')!.error).toMatch(
      /'c2' could not be read/,
    );
    expect(reads.sort()).toEqual([
      ['c1', false],
      ['c2', true],
    ]);
  });

  it.each([
    [
      { 'backstage.io/kubernetes-id': 'bad id; rm -rf' },
      /not a valid Kubernetes label value/,
    ],
    [
      { 'backstage.io/kubernetes-namespace': 'Not_A_Namespace' },
      /not a valid namespace name/,
    ],
  ])(
    'refuses annotations that are not Kubernetes names (%j)',
    async (annotations, message) => {
      const retriever = KubernetesFactRetriever.create({
        clusters: source(),
        allowedRegistries: [],
      });
      const facts = await retriever.retrieve([entity(annotations)], context);
      expect(facts.get('component:default/svc')!.error).toMatch(message);
    },
  );

  describe('with snapshotMaxAgeMs', () => {
    /** A cluster whose reads are counted, failing while `failing` is set. */
    function countedSource() {
      const state = { reads: 0, failing: false, namespace: 'team-a' };
      const clusters: ClusterSnapshotSource = {
        names: () => ['c1'],
        snapshot: async () => {
          state.reads++;
          if (state.failing) throw new Error("Kubernetes cluster 'c1' is down");
          return {
            ...snapshot,
            pods: snapshot.pods.map(p => ({
              ...p,
              metadata: { ...p.metadata, namespace: state.namespace },
            })),
          };
        },
      };
      return { state, clusters };
    }
    const namespacesOf = async (retriever: KubernetesFactRetriever) =>
      (
        await retriever.retrieve(
          [entity({ 'backstage.io/kubernetes-id': 'svc' })],
          context,
        )
      ).get('component:default/svc')!.values['k8s.namespaces'];

    it('reads a cluster again only once its read is older than the limit', async () => {
      let now = 0;
      const { state, clusters } = countedSource();
      const audited: string[] = [];
      const retriever = KubernetesFactRetriever.create({
        clusters,
        allowedRegistries: [],
        snapshotMaxAgeMs: 60_000,
        now: () => now,
        onClusterRead: cluster => {
          audited.push(cluster);
        },
      });
      await expect(namespacesOf(retriever)).resolves.toEqual(['c1/team-a']);
      state.namespace = 'team-b';
      now = 59_999;
      await expect(namespacesOf(retriever)).resolves.toEqual(['c1/team-a']);
      expect(state.reads).toBe(1);
      now = 60_000;
      await expect(namespacesOf(retriever)).resolves.toEqual(['c1/team-b']);
      expect(state.reads).toBe(2);
      // Audited once per read from the cluster, not per use.
      expect(audited).toEqual(['c1', 'c1']);
    });

    it('shares one read between overlapping calls', async () => {
      const { state, clusters } = countedSource();
      const retriever = KubernetesFactRetriever.create({
        clusters,
        allowedRegistries: [],
        snapshotMaxAgeMs: 60_000,
      });
      await Promise.all([namespacesOf(retriever), namespacesOf(retriever)]);
      expect(state.reads).toBe(1);
    });

    it('never keeps a failed read', async () => {
      const { state, clusters } = countedSource();
      const retriever = KubernetesFactRetriever.create({
        clusters,
        allowedRegistries: [],
        snapshotMaxAgeMs: 60_000,
        now: () => 0,
      });
      state.failing = true;
      const failed = await retriever.retrieve(
        [entity({ 'backstage.io/kubernetes-id': 'svc' })],
        context,
      );
      expect(failed.get('component:default/svc')!.error).toMatch(/is down/);
      state.failing = false;
      await expect(namespacesOf(retriever)).resolves.toEqual(['c1/team-a']);
      expect(state.reads).toBe(2);
    });

    it('reads on every call without a limit', async () => {
      const { state, clusters } = countedSource();
      const retriever = KubernetesFactRetriever.create({
        clusters,
        allowedRegistries: [],
      });
      await namespacesOf(retriever);
      await namespacesOf(retriever);
      expect(state.reads).toBe(2);
    });
  });

  it.each([
    ['nvcr.io/nvidia/pytorch:25.10-py3', 'nvcr.io/nvidia/pytorch:25.10-py3'],
    ['vllm/vllm-openai:v0.11.0', 'docker.io/vllm/vllm-openai:v0.11.0'],
    ['busybox', 'docker.io/library/busybox'],
    ['localhost/x:1', 'localhost/x:1'],
    ['registry:5000/x', 'registry:5000/x'],
  ])('normalises image %s', (image, expected) => {
    expect(normalizeImage(image)).toBe(expected);
  });
});
