import { ClusterSim, createSchemaValidation } from '@ai-platform/cluster-sim';
import {
  createTestDatabases,
  fleetKubernetesConfig,
} from '@ai-platform/test-utils';
import {
  GpuRequest,
  QuotaSharingClass,
  CapacityResponse,
  QuotaSharingResponse,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { BatchV1Api, KubeConfig, V1Job } from '@kubernetes/client-node';
import request from 'supertest';
import { testConfig } from './__fixtures__/config';
import { ANA, BO, EVE } from './__fixtures__/entities';
import { as, startTestGpuBackend } from './__testUtils__/startTestGpuBackend';
import { kubectl } from './kubernetes/__testUtils__/kubectl';
import { startValidatingSim } from './kubernetes/__testUtils__/startValidatingSim';

// The whole plugin on a Kueue cluster whose teams share their department's
// cohort: the portal applies the teams' ClusterQueues (validated against
// Kueue's CRDs by the simulated fleet), a team's Job borrows idle quota, the
// owner's Job takes it back, and GET /quota-sharing shows both as read from
// the ClusterQueues' statuses. Runs on SQLite and PostgreSQL.
jest.setTimeout(180_000);

const databases = createTestDatabases();
const BASE = '/api/gpu-provisioning';
const VISION = 'group:default/vision';
const CONVERSATIONAL = 'group:default/conversational-ai';
const EVALS = 'group:default/assistant-evals';

const kueueConfig = {
  ...testConfig.gpuProvisioning,
  clusters: { 'gpu-prod': { scheduler: 'kueue' } },
  policy: {
    ...testConfig.gpuProvisioning.policy,
    teamQuotas: [
      { team: VISION, quota: { h100: 2 } },
      { team: CONVERSATIONAL, quota: { h100: 4 } },
      { team: EVALS, quota: { h100: 2 } },
    ],
  },
  kueue: {
    cohorts: [
      {
        department: 'group:default/ai-division',
        reclaimWithinCohort: 'Any',
        borrowingLimit: { h100: 2, 'h100/1g.10gb': 1 },
        // assistant-evals keeps its GPUs to itself.
        teams: [{ team: EVALS, lendingLimit: { h100: 0 } }],
      },
    ],
  },
};

function grantInput(team: string, count: number) {
  return {
    team,
    cluster: 'gpu-prod',
    gpuClass: 'h100',
    count,
    durationHours: 8,
    purpose: 'training',
    dataClassification: 'internal',
    justification: 'Training runs that share the department cohort',
  };
}

/** A Job of `gpus` GPUs in the grant's namespace, queued to its LocalQueue. */
function gpuJob(name: string, gpus: number): V1Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      labels: { 'kueue.x-k8s.io/queue-name': 'gpu-grant' },
    },
    spec: {
      template: {
        spec: {
          restartPolicy: 'Never',
          // As the grant's namespace says: H100 nodes only.
          nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' },
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'train',
              image: 'nvcr.io/nvidia/pytorch:24.05-py3',
              resources: { limits: { 'nvidia.com/gpu': String(gpus) } },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      },
    },
  };
}

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${what}: ${JSON.stringify(value)}`,
      );
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

const h100Of = (body: QuotaSharingResponse): QuotaSharingClass =>
  body.items
    .find(i => i.cluster === 'gpu-prod')!
    .classes.find(c => c.gpuClass === 'h100' && !c.migProfile)!;

/** The H100 row of a MIG profile on gpu-prod, when the answer has one. */
const migOf = (body: QuotaSharingResponse, migProfile: string) =>
  body.items
    ?.find(i => i.cluster === 'gpu-prod')
    ?.classes.find(c => c.gpuClass === 'h100' && c.migProfile === migProfile);

const memberOf = (cls: QuotaSharingClass, clusterQueue: string) =>
  cls.members.find(m => m.clusterQueue === clusterQueue)!;

describe.each(databases.eachSupportedId())(
  'Kueue cohorts and borrowing on %p',
  databaseId => {
    let sim: ClusterSim;
    beforeAll(async () => {
      sim = await startValidatingSim();
    });
    afterAll(() => sim?.stop());

    /** The plugin on a fresh database with the cohort config, against the fleet. */
    const startKueueBackend = async () =>
      startTestGpuBackend({
        knex: await databases.init(databaseId),
        config: {
          gpuProvisioning: kueueConfig,
          kubernetes: fleetKubernetesConfig(sim),
        },
      });

    it('applies the teams’ ClusterQueues, lends idle quota to a borrower and reclaims it for the owner, as GET /quota-sharing shows', async () => {
      const { server, auditEvents } = await startKueueBackend();

      // The ClusterQueues, as kubectl shows them, valid against Kueue's CRD.
      const listed = await kubectl(sim, 'gpu-prod', [
        'get',
        'clusterqueues.kueue.x-k8s.io',
        '-o',
        'json',
      ]);
      const queues = new Map<string, any>(
        listed.items.map((q: any) => [q.metadata.name, q]),
      );
      expect([...queues.keys()].sort()).toEqual(
        expect.arrayContaining([
          'assistant-evals',
          'conversational-ai',
          'vision',
        ]),
      );
      const schemas = createSchemaValidation({ required: true })!;
      for (const name of ['assistant-evals', 'conversational-ai', 'vision']) {
        expect(
          schemas.validator.validate(queues.get(name), {
            strictUnknownFields: true,
          }),
        ).toMatchObject({ valid: true });
      }
      expect(queues.get('vision').spec).toMatchObject({
        cohortName: 'ai-division',
        preemption: { reclaimWithinCohort: 'Any' },
        // Whole GPUs and every MIG resource in one group: Kueue takes a
        // flavor (here a GPU class) in one group only.
        resourceGroups: [
          {
            coveredResources: [
              'nvidia.com/gpu',
              'nvidia.com/mig-1g.10gb',
              'nvidia.com/mig-2g.20gb',
              'nvidia.com/mig-3g.40gb',
            ],
            flavors: expect.arrayContaining([
              {
                name: 'h100',
                resources: [
                  {
                    name: 'nvidia.com/gpu',
                    nominalQuota: 2,
                    borrowingLimit: 2,
                  },
                  {
                    name: 'nvidia.com/mig-1g.10gb',
                    nominalQuota: 4,
                    borrowingLimit: 1,
                  },
                  { name: 'nvidia.com/mig-2g.20gb', nominalQuota: 2 },
                  { name: 'nvidia.com/mig-3g.40gb', nominalQuota: 2 },
                ],
              },
              {
                name: 'a100',
                resources: [
                  { name: 'nvidia.com/gpu', nominalQuota: 8 },
                  // The class has no MIG profiles.
                  { name: 'nvidia.com/mig-1g.10gb', nominalQuota: 0 },
                  { name: 'nvidia.com/mig-2g.20gb', nominalQuota: 0 },
                  { name: 'nvidia.com/mig-3g.40gb', nominalQuota: 0 },
                ],
              },
            ]),
          },
        ],
      });
      expect(
        queues.get('assistant-evals').spec.resourceGroups[0].flavors[0]
          .resources[0],
      ).toEqual({
        name: 'nvidia.com/gpu',
        nominalQuota: 2,
        borrowingLimit: 2,
        lendingLimit: 0,
      });

      // Each team gets a grant: a namespace whose LocalQueue feeds its ClusterQueue.
      const grantOf = async (user: string, team: string) => {
        const created = await request(server)
          .post(`${BASE}/requests`)
          .set(...as(user))
          .send(grantInput(team, 2));
        expect(created.status).toBe(201);
        expect((created.body as GpuRequest).status).toBe('active');
        return (created.body as GpuRequest).namespace!;
      };
      const visionNs = await grantOf(BO, VISION);
      const conversationalNs = await grantOf(ANA, CONVERSATIONAL);

      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromFile(sim.kubeconfigPath);
      kubeConfig.setCurrentContext('gpu-prod');
      const batch = kubeConfig.makeApiClient(BatchV1Api);
      const workloadsIn = async (namespace: string): Promise<any[]> =>
        (
          await kubectl(sim, 'gpu-prod', [
            'get',
            'workloads.kueue.x-k8s.io',
            '-n',
            namespace,
            '-o',
            'json',
          ])
        ).items;
      const condition = (workload: any, type: string) =>
        workload?.status?.conditions?.find((c: any) => c.type === type);
      const sharing = async (user: string, team: string) => {
        const answer = await request(server)
          .get(`${BASE}/quota-sharing`)
          .query({ team })
          .set(...as(user));
        expect(answer.status).toBe(200);
        return answer.body as QuotaSharingResponse;
      };

      // Vision asks for 4 GPUs, 2 above its nominal quota and within its
      // borrowing limit: admitted by borrowing conversational-ai's idle GPUs.
      await batch.createNamespacedJob({
        namespace: visionNs,
        body: gpuJob('vision-train', 4),
      });
      const [borrowing] = await eventually(
        () => workloadsIn(visionNs),
        ws => condition(ws[0], 'Admitted')?.status === 'True',
        'the borrowing workload to be admitted',
      );
      expect(borrowing.status.admission.clusterQueue).toBe('vision');

      const lent = h100Of(
        await eventually(
          () => sharing(BO, VISION),
          body => memberOf(h100Of(body), 'vision')?.borrowed === 2,
          'the ClusterQueue status to show borrowing',
        ),
      );
      expect(lent.members[0]).toEqual({
        clusterQueue: 'vision',
        team: VISION,
        nominal: 2,
        inUse: 4,
        borrowed: 2,
        lent: 0,
        idle: 0,
        borrowingLimit: 2,
      });
      expect(memberOf(lent, 'conversational-ai')).toEqual({
        clusterQueue: 'conversational-ai',
        team: CONVERSATIONAL,
        nominal: 4,
        inUse: 0,
        borrowed: 0,
        lent: 2,
        idle: 2,
        borrowingLimit: 2,
      });
      expect(memberOf(lent, 'assistant-evals')).toMatchObject({
        lent: 0,
        idle: 2,
        lendingLimit: 0,
      });
      expect(lent.loans).toEqual([
        {
          fromClusterQueue: 'conversational-ai',
          fromTeam: CONVERSATIONAL,
          toClusterQueue: 'vision',
          toTeam: VISION,
          gpus: 2,
        },
      ]);
      const visionView = await sharing(BO, VISION);
      expect(visionView.items[0]).toMatchObject({
        cluster: 'gpu-prod',
        clusterQueue: 'vision',
        cohort: 'ai-division',
        reclaimWithinCohort: 'Any',
      });
      expect(visionView.items[0].reclaim).toContain('preempts');
      expect(visionView.errors).toEqual([]);

      // The owner needs its nominal quota: conversational-ai asks for its 4
      // GPUs, and Kueue preempts vision's borrowing workload to give them back.
      await batch.createNamespacedJob({
        namespace: conversationalNs,
        body: gpuJob('assistant-train', 4),
      });
      const [owners] = await eventually(
        () => workloadsIn(conversationalNs),
        ws => condition(ws[0], 'Admitted')?.status === 'True',
        "the owner's workload to be admitted",
      );
      expect(owners.status.admission.clusterQueue).toBe('conversational-ai');
      const [preempted] = await workloadsIn(visionNs);
      expect(condition(preempted, 'Preempted')).toMatchObject({
        status: 'True',
        reason: 'InCohortReclamation',
      });
      expect(condition(preempted, 'Admitted')?.status).toBe('False');

      const reclaimed = h100Of(
        await eventually(
          () => sharing(ANA, CONVERSATIONAL),
          body => memberOf(h100Of(body), 'conversational-ai')?.inUse === 4,
          'the ClusterQueue status to show the reclaim',
        ),
      );
      // The team asking comes first.
      expect(reclaimed.members[0].clusterQueue).toBe('conversational-ai');
      expect(memberOf(reclaimed, 'conversational-ai')).toMatchObject({
        inUse: 4,
        lent: 0,
        idle: 0,
      });
      expect(memberOf(reclaimed, 'vision')).toMatchObject({
        inUse: 0,
        borrowed: 0,
      });
      expect(reclaimed.loans).toEqual([]);

      // Reading it is audited like every read of cluster data.
      expect(
        auditEvents.filter(e => e.eventId === 'gpu-quota-sharing-read').length,
      ).toBeGreaterThan(0);
    });

    it('admits the Job of a MIG grant through the team’s ClusterQueue, which covers MIG resources beside whole GPUs', async () => {
      const { server } = await startKueueBackend();
      const created = await request(server)
        .post(`${BASE}/requests`)
        .set(...as(BO))
        .send({
          ...grantInput(VISION, 2),
          migProfile: '1g.10gb',
          justification: 'Notebook experiments on MIG slices',
        });
      expect(created.status).toBe(201);
      const grant = created.body as GpuRequest;
      expect(grant.status).toBe('active');

      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromFile(sim.kubeconfigPath);
      kubeConfig.setCurrentContext('gpu-prod');
      const job = gpuJob('vision-notebook', 0);
      job.spec!.template.spec!.containers[0].resources = {
        limits: { 'nvidia.com/mig-1g.10gb': '2' },
      };
      await kubeConfig
        .makeApiClient(BatchV1Api)
        .createNamespacedJob({ namespace: grant.namespace!, body: job });
      // Without MIG in the ClusterQueue, Kueue leaves such a Workload
      // pending for ever: no flavor covers its resource.
      const [admitted] = await eventually(
        async () =>
          (
            await kubectl(sim, 'gpu-prod', [
              'get',
              'workloads.kueue.x-k8s.io',
              '-n',
              grant.namespace!,
              '-o',
              'json',
            ])
          ).items,
        (ws: any[]) =>
          ws[0]?.status?.conditions?.some(
            (c: any) => c.type === 'Admitted' && c.status === 'True',
          ),
        'the MIG workload to be admitted',
      );
      expect(admitted.status.admission).toMatchObject({
        clusterQueue: 'vision',
        podSetAssignments: [
          expect.objectContaining({
            flavors: { 'nvidia.com/mig-1g.10gb': 'h100' },
          }),
        ],
      });

      // The quota-sharing view counts the instances in the profile's own
      // row, not as whole GPUs.
      const sharing = await eventually(
        async () =>
          (
            await request(server)
              .get(`${BASE}/quota-sharing`)
              .query({ team: VISION })
              .set(...as(BO))
          ).body as QuotaSharingResponse,
        body =>
          migOf(body, '1g.10gb')?.members.find(m => m.clusterQueue === 'vision')
            ?.inUse === 2,
        'the ClusterQueue status to show the MIG instances in use',
      );
      const slices = migOf(sharing, '1g.10gb')!;
      expect(slices).toMatchObject({ gpuClass: 'h100', flavor: 'h100' });
      const own = slices.members[0];
      expect(own).toMatchObject({ clusterQueue: 'vision', team: VISION });
      expect(own).toMatchObject({
        inUse: 2,
        borrowed: 0,
        idle: own.nominal - 2 - own.lent,
      });
      expect(memberOf(h100Of(sharing), 'vision').inUse).toBe(0);
    });

    it('shows only the GPU classes the cluster has nodes of, though the ClusterQueue names every class the team has quota of', async () => {
      const knex = await databases.init(databaseId);
      // gpu-prod has H100 nodes only; vision also has L40S quota, and
      // quota of a MIG profile no node of gpu-prod is partitioned into.
      const [h100, ...otherClasses] = kueueConfig.gpuClasses;
      const { server } = await startTestGpuBackend({
        knex,
        config: {
          gpuProvisioning: {
            ...kueueConfig,
            gpuClasses: [
              {
                ...h100,
                migProfiles: [
                  ...h100.migProfiles!,
                  { name: '4g.40gb', memoryMiB: 40320, hourlyRate: 2.8 },
                ],
              },
              ...otherClasses,
            ],
            policy: {
              ...kueueConfig.policy,
              teamQuotas: [
                {
                  team: VISION,
                  quota: { h100: 2, l40s: 2, 'h100/4g.40gb': 1 },
                },
                ...kueueConfig.policy.teamQuotas.filter(q => q.team !== VISION),
              ],
            },
          },
          kubernetes: fleetKubernetesConfig(sim),
        },
      });
      const vision = await eventually(
        async () =>
          (
            await kubectl(sim, 'gpu-prod', [
              'get',
              'clusterqueues.kueue.x-k8s.io',
              'vision',
              '-o',
              'json',
            ])
          ).spec.resourceGroups.flatMap((g: any) =>
            g.flavors.map((f: any) => f.name),
          ),
        (flavors: string[]) => flavors.includes('l40s'),
        'the L40S flavor in vision’s ClusterQueue',
      );
      expect(vision).toEqual(expect.arrayContaining(['h100', 'l40s']));

      const answer = await request(server)
        .get(`${BASE}/quota-sharing`)
        .query({ team: VISION })
        .set(...as(BO));
      expect(answer.status).toBe(200);
      const body = answer.body as QuotaSharingResponse;
      expect(body.errors).toEqual([]);
      const classes = body.items.find(i => i.cluster === 'gpu-prod')!.classes;
      // Whole GPUs first, then the MIG profiles vision has quota of that
      // gpu-prod's nodes are partitioned into: 4g.40gb is in vision's
      // ClusterQueue but on no node, so it is not drawn.
      expect(classes[0]).toMatchObject({ gpuClass: 'h100' });
      expect(classes[0].migProfile).toBeUndefined();
      expect(new Set(classes.map(c => c.gpuClass))).toEqual(new Set(['h100']));
      const capacity = await request(server)
        .get(`${BASE}/capacity`)
        .set(...as(BO));
      const partitioned = (capacity.body as CapacityResponse).items
        .filter(i => i.cluster === 'gpu-prod' && i.migProfile)
        .map(i => i.migProfile!);
      const shown = classes.flatMap(c => (c.migProfile ? [c.migProfile] : []));
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.every(p => partitioned.includes(p))).toBe(true);
      expect(partitioned).not.toContain('4g.40gb');
      expect(shown).not.toContain('4g.40gb');
    });

    it('answers 400 naming team, and 403 to someone outside the team and the teams above it', async () => {
      const { server } = await startKueueBackend();
      const missing = await request(server)
        .get(`${BASE}/quota-sharing`)
        .set(...as(BO));
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toContain('team');

      const notARef = await request(server)
        .get(`${BASE}/quota-sharing`)
        .query({ team: 'component:default/x' })
        .set(...as(BO));
      expect(notARef.status).toBe(400);
      expect(notARef.body.error.message).toContain(
        'team: must be a group entity ref',
      );

      const outsider = await request(server)
        .get(`${BASE}/quota-sharing`)
        .query({ team: CONVERSATIONAL })
        .set(...as(EVE));
      expect(outsider.status).toBe(403);

      const unauthenticated = await request(server)
        .get(`${BASE}/quota-sharing`)
        .query({ team: VISION });
      expect(unauthenticated.status).toBe(401);
    });
  },
);
