import { ClusterSim } from '@ai-platform/cluster-sim';
import {
  createTestDatabases,
  fleetKubernetesConfig,
  waitFor,
} from '@ai-platform/test-utils';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import request from 'supertest';
import { BO } from './__fixtures__/entities';
import { as, startTestGpuBackend } from './__testUtils__/startTestGpuBackend';
import { kubectl } from './kubernetes/__testUtils__/kubectl';
import { startValidatingSim } from './kubernetes/__testUtils__/startValidatingSim';

// The whole plugin as the portal runs it: the REST API, the real store on
// SQLite and PostgreSQL, and the real Kubernetes provisioner applying to the
// simulated fleet, which validates every object against the real schemas.
jest.setTimeout(180_000);

const databases = createTestDatabases();

const oneGpu = {
  team: 'group:default/vision',
  cluster: 'gpu-prod',
  gpuClass: 'h100',
  count: 1,
  durationHours: 8,
  purpose: 'training',
  dataClassification: 'confidential',
  justification: 'Training the visual search ranking model',
};

/** kubectl against gpu-prod, with JSON output parsed. */
function json(args: string[], sim: ClusterSim) {
  return kubectl(sim, 'gpu-prod', [...args, '-o', 'json']);
}

describe.each(databases.eachSupportedId())(
  'GPU provisioning on %p against the simulated fleet',
  databaseId => {
    let sim: ClusterSim;
    beforeEach(async () => {
      sim = await startValidatingSim();
    });
    afterEach(() => sim?.stop());

    it('grants a request that kubectl then sees on the cluster', async () => {
      const { server } = await startTestGpuBackend({
        knex: await databases.init(databaseId),
        config: { kubernetes: fleetKubernetesConfig(sim) },
      });
      const created = await request(server)
        .post('/api/gpu-provisioning/requests')
        .set(...as(BO))
        .send({ ...oneGpu, count: 2 });
      expect(created.status).toBe(201);
      const grant = created.body as GpuRequest;
      expect(grant.status).toBe('active');
      expect(grant.namespace).toMatch(/^gpu-vision-[0-9a-f]{8}$/);

      const ns = grant.namespace!;
      const objects = await json(
        ['get', 'namespace,resourcequota,rolebinding,networkpolicy', '-n', ns],
        sim,
      );
      const byKind = Object.fromEntries(
        objects.items.map((o: any) => [o.kind, o]),
      );
      expect(byKind.ResourceQuota.spec.hard['requests.nvidia.com/gpu']).toBe(
        '2',
      );
      expect(byKind.RoleBinding.subjects).toEqual([
        {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Group',
          name: 'vision',
        },
      ]);
      expect(byKind.NetworkPolicy.spec).toEqual({
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
      });
      const namespace = await json(['get', 'namespace', ns], sim);
      expect(namespace.metadata.labels).toMatchObject({
        'ai-platform.io/grant-id': grant.id,
        'ai-platform.io/team': 'vision',
        'ai-platform.io/data-classification': 'confidential',
        'pod-security.kubernetes.io/enforce': 'restricted',
      });

      const released = await request(server)
        .post(`/api/gpu-provisioning/requests/${grant.id}/release`)
        .set(...as(BO));
      expect(released.body.status).toBe('released');
      await expect(
        kubectl(sim, 'gpu-prod', ['get', 'namespace', ns]),
      ).rejects.toThrow(/NotFound/);
    });

    it("refuses a grant on another team's component with 403, leaving the cluster and ledger untouched", async () => {
      const knex = await databases.init(databaseId);
      const { server } = await startTestGpuBackend({
        knex,
        config: { kubernetes: fleetKubernetesConfig(sim) },
      });
      const refused = await request(server)
        .post('/api/gpu-provisioning/requests')
        .set(...as(BO))
        .send({ ...oneGpu, entityRef: 'component:default/assistant-api' });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        'component:default/assistant-api is owned by group:default/conversational-ai, not by group:default/vision or a team below it',
      );
      const managed = await json(
        ['get', 'namespaces', '-l', 'app.kubernetes.io/managed-by'],
        sim,
      );
      expect(managed.items).toEqual([]);
      const [{ n }] = await knex('gpu_quota_usage').count({ n: '*' });
      expect(Number(n)).toBe(0);

      // Its own component goes through, onto the cluster.
      const granted = await request(server)
        .post('/api/gpu-provisioning/requests')
        .set(...as(BO))
        .send({ ...oneGpu, entityRef: 'component:default/vision-model' });
      expect(granted.status).toBe(201);
      expect(granted.body.namespace).toMatch(/^gpu-vision-vision-model-/);
      const after = await json(
        ['get', 'namespaces', '-l', 'app.kubernetes.io/managed-by'],
        sim,
      );
      expect(after.items.map((ns: any) => ns.metadata.name)).toEqual([
        granted.body.namespace,
      ]);
    });

    it('answers before the cluster with Prefer: respond-async, and the grant becomes active behind it', async () => {
      const { server } = await startTestGpuBackend({
        knex: await databases.init(databaseId),
        config: { kubernetes: fleetKubernetesConfig(sim) },
      });
      const created = await request(server)
        .post('/api/gpu-provisioning/requests')
        .set(...as(BO))
        .set('Prefer', 'respond-async')
        .send(oneGpu);
      expect(created.status).toBe(201);
      expect(created.headers['preference-applied']).toBe('respond-async');
      expect(created.body.status).toBe('approved');

      const active = await waitFor(async () => {
        const polled = await request(server)
          .get(`/api/gpu-provisioning/requests/${created.body.id}`)
          .set(...as(BO));
        return polled.body.status === 'active' ? polled.body : undefined;
      }, 30_000);
      const objects = await json(
        ['get', 'resourcequota,rolebinding', '-n', active.namespace],
        sim,
      );
      expect(objects.items.map((o: any) => o.kind).sort()).toEqual([
        'ResourceQuota',
        'RoleBinding',
      ]);
    });

    it('grants exactly 64 of 200 concurrent one-GPU requests against a quota of 64', async () => {
      const { server } = await startTestGpuBackend({
        knex: await databases.init(databaseId),
        config: { kubernetes: fleetKubernetesConfig(sim) },
      });
      const responses = await Promise.all(
        Array.from({ length: 200 }, () =>
          request(server)
            .post('/api/gpu-provisioning/requests')
            .set(...as(BO))
            .send(oneGpu),
        ),
      );
      const statuses = responses.map(r => r.status);
      expect(statuses.filter(s => s === 201)).toHaveLength(64);
      expect(statuses.filter(s => s === 409)).toHaveLength(136);
      expect(responses.find(r => r.status === 409)!.body.error.message).toMatch(
        /0 of 64 GPUs left/,
      );
      expect(
        responses
          .filter(r => r.status === 201)
          .every(r => r.body.status === 'active'),
      ).toBe(true);

      const namespaces = await json(
        ['get', 'namespaces', '-l', 'ai-platform.io/team=vision'],
        sim,
      );
      expect(namespaces.items).toHaveLength(64);
    });

    it('leaves a grant fully applied or fully rolled back when the cluster fails mid-apply', async () => {
      const { server } = await startTestGpuBackend({
        knex: await databases.init(databaseId),
        config: { kubernetes: fleetKubernetesConfig(sim) },
      });
      const prod = sim.cluster('gpu-prod');
      // Fail the third object of every other grant: a partial grant would be visible.
      prod.faults.add({
        type: 'error',
        verb: 'patch',
        resource: 'networkpolicies',
        probability: 0.5,
      });
      const responses = await Promise.all(
        Array.from({ length: 12 }, () =>
          request(server)
            .post('/api/gpu-provisioning/requests')
            .set(...as(BO))
            .send(oneGpu),
        ),
      );
      expect(responses.every(r => r.status === 201)).toBe(true);
      const grants = responses.map(r => r.body as GpuRequest);
      const active = grants.filter(g => g.status === 'active');
      const waiting = grants.filter(g => g.status === 'approved');
      expect(active.length + waiting.length).toBe(12);
      expect(waiting.length).toBeGreaterThan(0);
      expect(waiting.every(g => g.lastError)).toBe(true);

      const namespaces = await json(
        ['get', 'namespaces', '-l', 'ai-platform.io/team=vision'],
        sim,
      );
      const onCluster = new Set<string>(
        namespaces.items.map(
          (n: any) => n.metadata.labels['ai-platform.io/grant-id'],
        ),
      );
      expect([...onCluster].sort()).toEqual(active.map(g => g.id).sort());
      for (const grant of active) {
        const objects = await json(
          [
            'get',
            'resourcequota,networkpolicy,rolebinding',
            '-n',
            grant.namespace!,
          ],
          sim,
        );
        expect(objects.items.map((o: any) => o.kind).sort()).toEqual([
          'NetworkPolicy',
          'ResourceQuota',
          'RoleBinding',
        ]);
      }
    });
  },
);
