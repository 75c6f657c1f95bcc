import * as k8s from '@kubernetes/client-node';
import { waitFor } from '@ai-platform/test-utils';
import { testTopology } from '../../../__fixtures__/testTopology';
import { createSchemaValidation } from '../../../schemaValidation';
import { kubeConfigFor } from '../../../__testUtils__/kubeConfigFor';
import { ClusterSim, startClusterSim } from '../../../startClusterSim';

const GROUP = 'kueue.x-k8s.io';
const VERSION = 'v1beta2';
const GPU = 'nvidia.com/gpu';
const PRODUCT = 'NVIDIA-H100-80GB-HBM3';

type Obj = Record<string, any>;

/** Waits until the assertions pass (the controllers work asynchronously). */
const eventually = (assertions: () => Promise<void>) =>
  waitFor(async () => {
    await assertions();
    return true;
  }, 10_000);

function clusterQueue(name: string, nominal: number, extra: Obj = {}) {
  return {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: 'ClusterQueue',
    metadata: { name },
    spec: {
      cohortName: 'research',
      namespaceSelector: {},
      preemption: { reclaimWithinCohort: 'Any' },
      resourceGroups: [
        {
          coveredResources: [GPU],
          flavors: [
            {
              name: 'h100',
              resources: [{ name: GPU, nominalQuota: nominal, ...extra }],
            },
          ],
        },
      ],
    },
  };
}

function job(name: string, gpus: number): k8s.V1Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels: { 'kueue.x-k8s.io/queue-name': 'gpus' } },
    spec: {
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'train',
              image: 'nvcr.io/nvidia/pytorch:24.05-py3',
              resources: { limits: { [GPU]: String(gpus) } },
            },
          ],
        },
      },
    },
  };
}

describe('the emulated Kueue: cohorts, borrowing and reclaiming', () => {
  let sim: ClusterSim;
  let custom: k8s.CustomObjectsApi;
  let batch: k8s.BatchV1Api;
  let core: k8s.CoreV1Api;

  const workloadOf = async (namespace: string, jobName: string) => {
    const { items } = (await custom.listNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace,
      plural: 'workloads',
    })) as { items: Obj[] };
    return items.find(w => w.metadata.ownerReferences?.[0]?.name === jobName);
  };
  const condition = (workload: Obj | undefined, type: string) =>
    workload?.status?.conditions?.find((c: Obj) => c.type === type);
  const queueUsage = async (name: string) => {
    const cq = (await custom.getClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: 'clusterqueues',
      name,
    })) as Obj;
    return cq.status?.flavorsUsage?.[0]?.resources?.[0];
  };
  const runningPods = async (namespace: string) =>
    (await core.listNamespacedPod({ namespace })).items.filter(
      p => p.status?.phase === 'Running',
    );

  beforeAll(async () => {
    const schemas = createSchemaValidation({ required: true })!;
    sim = await startClusterSim({
      topology: testTopology,
      seed: 'nodes',
      validator: schemas.validator,
      openApi: schemas.openApi,
    });
    const kc = kubeConfigFor(sim.clusters[0]);
    custom = kc.makeApiClient(k8s.CustomObjectsApi);
    batch = kc.makeApiClient(k8s.BatchV1Api);
    core = kc.makeApiClient(k8s.CoreV1Api);
    await custom.createClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: 'resourceflavors',
      body: {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'ResourceFlavor',
        metadata: { name: 'h100' },
        spec: { nodeLabels: { 'nvidia.com/gpu.product': PRODUCT } },
      },
    });
    for (const [team, nominal] of [
      ['team-a', 2],
      ['team-b', 4],
    ] as const) {
      await core.createNamespace({ body: { metadata: { name: team } } });
      await custom.createClusterCustomObject({
        group: GROUP,
        version: VERSION,
        plural: 'clusterqueues',
        body: clusterQueue(team, nominal),
      });
      await custom.createNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace: team,
        plural: 'localqueues',
        body: {
          apiVersion: `${GROUP}/${VERSION}`,
          kind: 'LocalQueue',
          metadata: { name: 'gpus', namespace: team },
          spec: { clusterQueue: team },
        },
      });
    }
  }, 60_000);
  afterAll(() => sim?.stop());

  it('admits a job that borrows idle quota, gives it back when the lender needs it, and re-admits it after', async () => {
    // Team A's 5 GPUs: 2 of its own and 3 borrowed from team B, who is idle.
    const created = await batch.createNamespacedJob({
      namespace: 'team-a',
      body: job('train-a', 5),
    });
    expect(created.spec?.suspend).toBe(true);
    await eventually(async () =>
      expect(
        condition(await workloadOf('team-a', 'train-a'), 'QuotaReserved'),
      ).toMatchObject({ status: 'True' }),
    );
    const admitted = await workloadOf('team-a', 'train-a');
    expect(admitted!.status.admission).toEqual({
      clusterQueue: 'team-a',
      podSetAssignments: [
        {
          name: 'main',
          count: 1,
          flavors: { [GPU]: 'h100' },
          resourceUsage: { [GPU]: '5' },
        },
      ],
    });
    const running = await batch.readNamespacedJob({
      name: 'train-a',
      namespace: 'team-a',
    });
    expect(running.spec?.suspend).toBe(false);
    expect(running.spec?.template.spec?.nodeSelector).toEqual({
      'nvidia.com/gpu.product': PRODUCT,
    });
    await eventually(async () =>
      expect(await runningPods('team-a')).toHaveLength(1),
    );
    expect(await queueUsage('team-a')).toEqual({
      name: GPU,
      total: '5',
      borrowed: '3',
    });

    // Team B asks for 3 of its own 4: only 1 is unused, so Kueue takes
    // back what team A borrowed.
    await batch.createNamespacedJob({
      namespace: 'team-b',
      body: job('train-b', 3),
    });
    await eventually(async () =>
      expect(
        condition(await workloadOf('team-b', 'train-b'), 'QuotaReserved'),
      ).toMatchObject({ status: 'True' }),
    );
    const preempted = await workloadOf('team-a', 'train-a');
    expect(condition(preempted, 'Preempted')).toMatchObject({
      status: 'True',
      reason: 'InCohortReclamation',
    });
    expect(preempted!.status.admission).toBeUndefined();
    await eventually(async () =>
      expect(await runningPods('team-a')).toHaveLength(0),
    );
    expect(
      (await batch.readNamespacedJob({ name: 'train-a', namespace: 'team-a' }))
        .spec?.suspend,
    ).toBe(true);
    await eventually(async () =>
      expect(
        condition(await workloadOf('team-a', 'train-a'), 'QuotaReserved'),
      ).toMatchObject({
        status: 'False',
        message: `couldn't assign flavors to pod set main: insufficient unused quota for ${GPU} in flavor h100, 2 more needed`,
      }),
    );
    expect(await queueUsage('team-a')).toEqual({
      name: GPU,
      total: '0',
      borrowed: '0',
    });
    expect(await queueUsage('team-b')).toEqual({
      name: GPU,
      total: '3',
      borrowed: '0',
    });

    // Team B is done: team A's job runs again.
    await batch.deleteNamespacedJob({ name: 'train-b', namespace: 'team-b' });
    await eventually(async () =>
      expect(
        condition(await workloadOf('team-a', 'train-a'), 'QuotaReserved'),
      ).toMatchObject({ status: 'True' }),
    );
    expect(await workloadOf('team-b', 'train-b')).toBeUndefined();
    await eventually(async () =>
      expect(await runningPods('team-a')).toHaveLength(1),
    );
  }, 60_000);
});
