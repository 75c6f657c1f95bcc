import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ClusterSim,
  PrometheusServer,
  backfillHistory,
  loadTopology,
  startClusterSim,
  startPrometheus,
} from '@ai-platform/cluster-sim';
import gpuMetricsPlugin from '@ai-platform/plugin-gpu-metrics-backend';
import gpuProvisioningPlugin from '@ai-platform/plugin-gpu-provisioning-backend';
import { fleetKubernetesConfig } from '@ai-platform/test-utils';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { DemoCatalog } from './__testUtils__/DemoCatalog';
import { FLEET_GPU_CLASSES } from './__testUtils__/startSuiteFleet';
import { SuiteClient } from './__testUtils__/SuiteClient';
import {
  SuiteEngine,
  freshDatabase,
  suiteEngines,
} from './__testUtils__/suiteDatabases';

/**
 * Issue 15: `./scripts/start` run a second time over the same data folder.
 * The portal's database keeps its grants, the simulated fleet its state
 * folder and Prometheus its TSDB; after the restart the lifecycle loop finds
 * every active grant's namespace, and the usage history still names pods
 * that exist, so it stays joined to the catalog entities that own them.
 */

jest.setTimeout(240_000);

const LIFECYCLE_TASK = 'gpu-provisioning-lifecycle';

/** One start of the portal's data folder: fleet, Prometheus and backend. */
interface Portal {
  sim: ClusterSim;
  prometheus: PrometheusServer;
  api: SuiteClient;
  /** Runs the GPU provisioning lifecycle loop once, as its schedule would. */
  runLifecycle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the fleet over `folder/cluster-sim`, Prometheus over
 * `folder/prometheus` (with two hours of history written only when it is
 * empty, as cluster-sim's CLI does) and the GPU provisioning and usage
 * backends over `database`.
 */
async function startPortal(
  folder: string,
  database: JsonObject,
): Promise<Portal> {
  const sim = await startClusterSim({
    stateDir: join(folder, 'cluster-sim'),
    kubeconfigPath: join(folder, 'cluster-sim', 'kubeconfig'),
    metrics: false,
  });
  const stops: Array<() => Promise<void>> = [() => sim.stop()];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const tsdbDir = join(folder, 'prometheus');
    if (!existsSync(tsdbDir)) {
      const end = new Date(Math.floor(Date.now() / 60_000) * 60_000);
      await backfillHistory({
        nodes: sim.clusters.flatMap(c => c.gpus.nodeGpus()),
        seed: loadTopology().seed,
        start: new Date(end.getTime() - 2 * 3600_000),
        end,
        intervalSeconds: 60,
        tsdbDir,
        targetLabels: node => ({
          cluster: node.cluster,
          instance: `${node.hostname}:9400`,
          job: 'nvidia-dcgm-exporter',
        }),
      });
    }
    const prometheus = await startPrometheus(
      tsdbDir,
      mkdtempSync(join(folder, 'prometheus-config-')),
    );
    stops.push(() => prometheus.stop());

    const scheduler = mockServices.scheduler.mock();
    const backend = await startTestBackend({
      features: [
        gpuProvisioningPlugin,
        gpuMetricsPlugin,
        mockServices.rootConfig.factory({
          data: {
            backend: { database },
            kubernetes: fleetKubernetesConfig(sim),
            gpuProvisioning: {
              gpuClasses: FLEET_GPU_CLASSES,
              policy: {
                maxDurationHours: 720,
                approvalThresholdGpuHours: 200,
                defaultQuota: { h100: 8 },
              },
              approvers: ['group:default/platform-engineering'],
            },
            gpuMetrics: {
              prometheus: [{ cluster: '*', url: prometheus.url }],
              clusterLabel: 'cluster',
              idle: { forAtLeast: { minutes: 30 } },
            },
          },
        }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        // Tasks run when the test says, not on a timer.
        scheduler.factory,
        catalogServiceMock.factory({ entities: DemoCatalog.load().entities }),
        actionsRegistryServiceFactory,
      ],
    });
    stops.push(() => backend.stop());
    return {
      sim,
      prometheus,
      api: new SuiteClient(`http://127.0.0.1:${backend.server.port()}`),
      async runLifecycle() {
        const task = scheduler.scheduleTask.mock.calls
          .map(([t]) => t)
          .find(t => t.id === LIFECYCLE_TASK);
        if (!task) throw new Error(`${LIFECYCLE_TASK} was not scheduled`);
        await task.fn(new AbortController().signal);
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

interface Grant {
  id: string;
  status: string;
  namespace?: string;
}

interface IdleGpu {
  cluster: string;
  hostname: string;
  uuid: string;
  namespace: string;
  pod: string;
  entityRef?: string;
  team?: string;
}

/** What a user sees of the grants and the GPU usage, for one start. */
async function observe(portal: Portal, grantId: string) {
  const grant = await portal.api.get<Grant>(
    'gpu-provisioning',
    `/requests/${grantId}`,
  );
  const fleet = await portal.api.get<{ idle: IdleGpu[]; errors: unknown[] }>(
    'gpu-metrics',
    '/fleet',
    { window: '1h' },
  );
  // A training Job: its pod's name was made up by the Job controller.
  const training = await portal.api.get<{
    workloads: Array<{ cluster: string; namespace: string; pod: string }>;
    utilisation: { mean: number | null };
    errors: unknown[];
  }>('gpu-metrics', '/entity', {
    entityRef: 'component:default/search-ranker-training',
    window: '1h',
  });
  return {
    grant: { id: grant.id, status: grant.status, namespace: grant.namespace },
    idle: fleet.idle
      .map(({ cluster, hostname, uuid, namespace, pod, entityRef, team }) => ({
        cluster,
        hostname,
        uuid,
        namespace,
        pod,
        entityRef,
        team,
      }))
      .sort((a, b) =>
        `${a.cluster}${a.uuid}`.localeCompare(`${b.cluster}${b.uuid}`),
      ),
    errors: [...fleet.errors, ...training.errors],
    training: {
      workloads: training.workloads,
      utilisationKnown: training.utilisation.mean !== null,
    },
  };
}

describe('the portal restarted over the same data folder', () => {
  it.each(suiteEngines())(
    'finds the same grants active and the same usage joined to the same entities (%s)',
    async (engine: SuiteEngine) => {
      const folder = mkdtempSync(join(tmpdir(), 'portal-restart-'));
      const database = freshDatabase(engine, 'restart');
      try {
        const first = await startPortal(folder, database.config);
        let before;
        try {
          const grant = await first.api.post<Grant>(
            'gpu-provisioning',
            '/requests',
            {
              body: JSON.stringify({
                team: 'group:default/conversational-ai',
                cluster: 'gpu-prod',
                gpuClass: 'h100',
                count: 1,
                durationHours: 8,
                purpose: 'inference',
                dataClassification: 'internal',
                justification: 'Evaluating the assistant on a larger model',
              }),
            },
          );
          expect(grant.status).toBe('active');
          await first.runLifecycle();
          before = await observe(first, grant.id);
        } finally {
          await first.stop();
        }
        expect(before.grant.status).toBe('active');
        expect(before.errors).toEqual([]);
        // The idle fine-tuning Job's GPUs, attributed to its component and team.
        expect(before.idle).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              namespace: 'conversational-ai',
              entityRef: 'component:default/assistant-llm-finetune',
              team: 'group:default/conversational-ai',
            }),
          ]),
        );
        // The Job's pod, named by the Job controller with a random suffix.
        expect(before.training.workloads).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              pod: expect.stringMatching(
                /^search-ranker-training-[0-9a-f]{5}$/,
              ),
            }),
          ]),
        );
        expect(before.training.utilisationKnown).toBe(true);

        const second = await startPortal(folder, database.config);
        try {
          expect(second.sim.clusters.every(c => c.restored)).toBe(true);
          // The lifecycle loop checks every active grant against its cluster.
          await second.runLifecycle();
          const after = await observe(second, before.grant.id);
          expect(after.grant).toEqual(before.grant);
          expect(after.errors).toEqual([]);
          // The same idle GPUs, held by the same pods, owned by the same teams.
          expect(after.idle).toEqual(before.idle);
          expect(after.idle.every(g => g.team)).toBe(true);
          // The Job's pod is the one the history names.
          expect(after.training).toEqual(before.training);
        } finally {
          await second.stop();
        }
      } finally {
        await database.cleanup();
        rmSync(folder, { recursive: true, force: true });
      }
    },
  );
});
