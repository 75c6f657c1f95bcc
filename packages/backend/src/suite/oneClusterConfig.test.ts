import { SeedObject } from '@ai-platform/cluster-sim';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { startSuiteBackend } from '../security/__testUtils__/startSuiteBackend';
import { DemoCatalog } from './__testUtils__/DemoCatalog';
import { discoverEntities } from './__testUtils__/discoverEntities';
import {
  FLEET_GPU_CLASSES,
  SuiteFleet,
  startSuiteFleet,
} from './__testUtils__/startSuiteFleet';
import { SuiteClient } from './__testUtils__/SuiteClient';
import {
  SuiteEngine,
  freshDatabase,
  suiteEngines,
} from './__testUtils__/suiteDatabases';

/**
 * Issue 14, "a test adds a cluster once in config and shows it in capacity,
 * usage, compliance and the model catalog's KServe discovery": the whole
 * suite backend starts twice over the same simulated fleet, and the only
 * difference between the two starts is one more cluster in
 * `kubernetes.clusterLocatorMethods`. Every family sees it.
 */

/** The cluster the test adds; the one already configured. */
const ADDED = 'gpu-dev';
const KEPT = 'gpu-prod';

/** A KServe model server that only the added cluster runs. */
const INFERENCE_SERVICE: SeedObject = {
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: { name: 'defect-detector', namespace: 'computer-vision' },
  spec: {
    predictor: {
      model: {
        modelFormat: { name: 'onnx' },
        storageUri: 's3://acme-models/defect-detector/1',
      },
    },
  },
};
const DISCOVERED_NAME = `defect-detector-computer-vision-${ADDED}`;

/** A catalog component whose workloads run only on the added cluster. */
const ON_ADDED_ONLY = 'component:default/vision-embedding-service';

/** What each family answered about the clusters, for one backend start. */
interface Observed {
  capacityClusters: string[];
  capacityOfAdded: Array<{ gpuClass: string; resource: string; total: number }>;
  capacityErrors: unknown[];
  usageClusters: string[];
  usageGpusOfAdded: number;
  heatmapClustersOfAdded: string[];
  usageErrors: unknown[];
  complianceNamespaces: string[];
  kserveProviders: string[];
  kserveEntities: Entity[];
}

/** The suite's config for the fleet, with `clusters` configured in Kubernetes. */
function suiteConfig(
  fleet: SuiteFleet,
  clusters: string[],
  database: JsonObject,
): JsonObject {
  return {
    backend: { database },
    kubernetes: fleet.kubernetesConfig(clusters),
    gpuProvisioning: {
      gpuClasses: FLEET_GPU_CLASSES,
      policy: { maxDurationHours: 720, approvalThresholdGpuHours: 200 },
      approvers: ['group:default/platform-engineering'],
    },
    // One Prometheus for every cluster the suite knows (`*`), series told
    // apart by their `cluster` label: no per-cluster metrics config to add.
    gpuMetrics: {
      prometheus: [{ cluster: '*', url: fleet.prometheus.url }],
      clusterLabel: 'cluster',
    },
    modelCatalog: { kserve: { enabled: true }, registries: [] },
  };
}

/** Starts the suite with `clusters` configured and asks every family. */
async function observe(
  fleet: SuiteFleet,
  engine: SuiteEngine,
  clusters: string[],
): Promise<Observed> {
  const database = freshDatabase(engine, `cluster_${clusters.length}`);
  const suite = await startSuiteBackend({
    entities: DemoCatalog.load().entities,
    config: suiteConfig(fleet, clusters, database.config),
  });
  try {
    const api = new SuiteClient(suite.baseUrl);

    const capacity = await api.get<{
      items: Array<{
        cluster: string;
        gpuClass: string;
        resource: string;
        total: number;
      }>;
      errors: unknown[];
    }>('gpu-provisioning', '/capacity');

    const usage = await api.get<{
      clusters: Array<{ cluster: string; gpus: number }>;
      errors: unknown[];
    }>('gpu-metrics', '/fleet', { window: '1h' });
    const heatmap = clusters.includes(ADDED)
      ? await api.get<{ rows: Array<{ cluster: string }> }>(
          'gpu-metrics',
          '/fleet/heatmap',
          { window: '1h', cluster: ADDED },
        )
      : { rows: [] };

    // A compliance evaluation now, then the facts it stored for a workload
    // that runs on the added cluster only.
    await api.post('compliance', '/evaluations', {});
    const compliance = await api.get<{
      checks: Array<{ evidence: { facts: Record<string, unknown> } }>;
    }>('compliance', '/entity', { entityRef: ON_ADDED_ONLY });
    const complianceNamespaces = [
      ...new Set(
        compliance.checks.flatMap(
          c => (c.evidence.facts['k8s.namespaces'] as string[]) ?? [],
        ),
      ),
    ].sort();

    const kserve = suite.entityProviders.filter(p =>
      p.getProviderName().startsWith('KServeEntityProvider:'),
    );
    const discovered = await discoverEntities(kserve);

    return {
      capacityClusters: [...new Set(capacity.items.map(i => i.cluster))].sort(),
      capacityOfAdded: capacity.items
        .filter(i => i.cluster === ADDED)
        .map(({ gpuClass, resource, total }) => ({
          gpuClass,
          resource,
          total,
        })),
      capacityErrors: capacity.errors,
      usageClusters: [...new Set(usage.clusters.map(c => c.cluster))].sort(),
      usageGpusOfAdded: usage.clusters
        .filter(c => c.cluster === ADDED)
        .reduce((sum, c) => sum + c.gpus, 0),
      heatmapClustersOfAdded: [...new Set(heatmap.rows.map(r => r.cluster))],
      usageErrors: usage.errors,
      complianceNamespaces,
      kserveProviders: kserve.map(p => p.getProviderName()).sort(),
      kserveEntities: [...discovered.values()].flat(),
    };
  } finally {
    await suite.stop();
    await database.cleanup();
  }
}

describe('a cluster added once in config', () => {
  let fleet: SuiteFleet;

  beforeAll(async () => {
    fleet = await startSuiteFleet({
      extraObjects: { [ADDED]: [INFERENCE_SERVICE] },
    });
  }, 120_000);

  afterAll(async () => {
    await fleet?.stop();
  });

  it.each(suiteEngines())(
    'shows in capacity, GPU usage, compliance and KServe discovery (%s)',
    async engine => {
      const before = await observe(fleet, engine, [KEPT]);
      const after = await observe(fleet, engine, [KEPT, ADDED]);

      // The simulated fleet runs both clusters all along: what changes is
      // only what the suite is configured to see.
      for (const seen of [before, after]) {
        expect(seen.capacityErrors).toEqual([]);
        expect(seen.usageErrors).toEqual([]);
      }

      // GPU capacity (gpu-provisioning): the added cluster's A100 and L40S
      // nodes, as the simulated nodes declare them.
      expect(before.capacityClusters).toEqual([KEPT]);
      expect(after.capacityClusters).toEqual([ADDED, KEPT]);
      expect(after.capacityOfAdded).toEqual([
        { gpuClass: 'a100', resource: 'nvidia.com/gpu', total: 16 },
        { gpuClass: 'l40s', resource: 'nvidia.com/gpu', total: 8 },
      ]);

      // GPU usage (gpu-metrics): the fleet lists the cluster with every GPU
      // its dcgm-exporter reports, and the heatmap draws them.
      expect(before.usageClusters).toEqual([KEPT]);
      expect(after.usageClusters).toEqual([ADDED, KEPT]);
      expect(after.usageGpusOfAdded).toBe(fleet.gpuCount(ADDED));
      expect(after.heatmapClustersOfAdded).toEqual([ADDED]);

      // Compliance: the evaluation reads the added cluster, so the
      // namespaces the component runs in there become its facts.
      expect(before.complianceNamespaces).toEqual([]);
      expect(after.complianceNamespaces).toEqual([`${ADDED}/computer-vision`]);

      // Model catalog: one KServe provider per cluster, and the added
      // cluster's InferenceService becomes a model server and its API.
      expect(before.kserveProviders).toEqual([`KServeEntityProvider:${KEPT}`]);
      expect(after.kserveProviders).toEqual([
        `KServeEntityProvider:${ADDED}`,
        `KServeEntityProvider:${KEPT}`,
      ]);
      const names = (entities: Entity[]) =>
        entities.map(e => `${e.kind}:${e.metadata.name}`).sort();
      expect(names(before.kserveEntities)).not.toContain(
        `Component:${DISCOVERED_NAME}`,
      );
      expect(names(after.kserveEntities)).toEqual(
        expect.arrayContaining([
          `API:${DISCOVERED_NAME}`,
          `Component:${DISCOVERED_NAME}`,
        ]),
      );
      const server = after.kserveEntities.find(
        e => e.kind === 'Component' && e.metadata.name === DISCOVERED_NAME,
      );
      expect(server?.metadata.annotations).toMatchObject({
        'ai-platform.io/kubernetes-cluster': ADDED,
        'backstage.io/kubernetes-namespace': 'computer-vision',
      });
      // Owned by the team the namespace is labelled with on that cluster.
      expect(server?.spec?.owner).toBe('group:default/computer-vision');
    },
    120_000,
  );
});
