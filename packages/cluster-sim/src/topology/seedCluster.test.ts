import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findResourceByKind } from '../api/resources';
import { startClusterSim } from '../startClusterSim';
import { loadTopology } from './loadTopology';

describe('seedCluster', () => {
  const directories: string[] = [];
  afterAll(() =>
    directories.forEach(d => rmSync(d, { recursive: true, force: true })),
  );

  it("applies a topology's objects after the namespaces, keeping the seeded labels", async () => {
    const sim = await startClusterSim({ tls: false, metrics: false });
    try {
      const prod = sim.cluster('gpu-prod').api.store;
      const namespace = prod.get(
        findResourceByKind('v1', 'Namespace')!,
        undefined,
        'search-relevance',
      );
      expect(namespace?.metadata.labels).toEqual(
        expect.objectContaining({
          'ai-platform.io/team': 'search-relevance',
          'pod-security.kubernetes.io/enforce': 'restricted',
        }),
      );
      const policy = prod.get(
        findResourceByKind('networking.k8s.io/v1', 'NetworkPolicy')!,
        'search-relevance',
        'default-deny-ingress',
      );
      expect(policy?.spec).toEqual(
        expect.objectContaining({ policyTypes: ['Ingress'] }),
      );
      const reports = prod.list(
        findResourceByKind('wgpolicyk8s.io/v1alpha2', 'PolicyReport')!,
      );
      expect(reports.map(r => r.metadata.namespace).sort()).toEqual([
        'conversational-ai',
        'search-relevance',
      ]);
      // A workload's own labels go on its pods beside the fleet's.
      const served = prod
        .list(findResourceByKind('v1', 'Pod')!, 'ml-platform')
        .filter(p => p.metadata.labels?.app === 'shared-llm-inference');
      expect(served).toHaveLength(2);
      for (const pod of served) {
        expect(pod.metadata.labels).toEqual(
          expect.objectContaining({
            'serving.kserve.io/inferenceservice': 'llama-3-1-70b-instruct',
            'backstage.io/kubernetes-id': 'shared-llm-inference',
          }),
        );
      }
    } finally {
      await sim.stop();
    }
  });

  it('rejects an object of an unknown kind with the field named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topology-'));
    directories.push(dir);
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'seed: 1',
        'gpuProducts: {}',
        'clusters:',
        '  - name: c1',
        '    description: x',
        '    nodePools: []',
        '    workloads: []',
        '    objects:',
        '      - { apiVersion: example.com/v1, kind: Widget, metadata: { name: w } }',
      ].join('\n'),
    );
    expect(() => loadTopology(file)).toThrow(
      /clusters\[0\]\.objects\[0\] has an unknown apiVersion\/kind example\.com\/v1\/Widget/,
    );
  });

  it('refuses workload labels that would replace the fleet’s own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topology-'));
    directories.push(dir);
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'seed: 1',
        'gpuProducts: {}',
        'clusters:',
        '  - name: c1',
        '    description: x',
        '    nodePools: []',
        '    workloads:',
        '      - { name: w, namespace: n, component: c, team: t, profile: idle, kind: Pod, replicas: 1, gpusPerReplica: 0, labels: { app: other } }',
      ].join('\n'),
    );
    expect(() => loadTopology(file)).toThrow(
      /clusters\[0\]\.workloads\[0\]\.labels must map label keys to strings and may not set app, backstage\.io\/kubernetes-id, ai-platform\.io\/team/,
    );
  });

  it('refuses an unknown scheduler, naming the cluster', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topology-'));
    directories.push(dir);
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'seed: 1',
        'gpuProducts: {}',
        'clusters:',
        '  - name: c1',
        '    description: x',
        '    scheduler: slurm',
        '    nodePools: []',
        '    workloads: []',
      ].join('\n'),
    );
    expect(() => loadTopology(file)).toThrow(
      /clusters\[0\]\.scheduler must be resourcequota, kueue, kai or volcano, not slurm/,
    );
  });
});
