/* eslint-disable no-console */
// Compliance evaluation at scale: a full run over 10,000 catalog entities by
// 50 checks (the 20 built-in ones and 30 team checks from config), gathering
// catalog, cluster (a synthetic 10,000-pod snapshot per cluster), GPU grant and
// model facts and writing results, scores and history to SQLite; then the
// light pass after one entity changed. Prints one JSON line with both times.
import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory from 'knex';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LEVELS } from '../plugins/compliance-backend/src/config/ComplianceConfig';
import { DatabaseComplianceStore } from '../plugins/compliance-backend/src/database/DatabaseComplianceStore';
import { CatalogFactRetriever } from '../plugins/compliance-backend/src/facts/CatalogFactRetriever';
import { GrantFactRetriever } from '../plugins/compliance-backend/src/facts/GrantFactRetriever';
import { KubernetesFactRetriever } from '../plugins/compliance-backend/src/facts/KubernetesFactRetriever';
import { ModelFactRetriever } from '../plugins/compliance-backend/src/facts/ModelFactRetriever';
import {
  BUILT_IN_DEFINITIONS_DIR,
  FrameworkRegistry,
  readDefinitionsDirectory,
} from '../plugins/compliance-backend/src/frameworks/FrameworkRegistry';
import { ClusterSnapshot } from '../plugins/compliance-backend/src/kubernetes/types';
import { CatalogGroupTree } from '@ai-platform/plugin-ai-platform-node';
import { createComplianceServices } from '../plugins/compliance-backend/src/service/createComplianceServices';

const ENTITIES = 10_000;
const TEAMS = 50;
const EXTRA_CHECKS = 30;

const silentLogger: LoggerService = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
  child: () => silentLogger,
};
const silentAuditor: AuditorService = {
  createEvent: async () => ({ success: async () => {}, fail: async () => {} }),
};

function entities(): Entity[] {
  const out: Entity[] = [];
  for (let t = 0; t < TEAMS; t++) {
    out.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `team-${t}`, namespace: 'default' },
      spec: { type: 'team', parent: 'org', children: [] },
    });
  }
  out.push({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'org', namespace: 'default' },
    spec: { type: 'organization', children: [] },
  });
  for (let i = 0; i < ENTITIES; i++) {
    const annotations: Record<string, string> = {
      'backstage.io/kubernetes-id': `svc-${i}`,
      'ai-platform.io/data-classification': [
        'internal',
        'confidential',
        'restricted',
      ][i % 3],
    };
    if (i % 2) annotations['backstage.io/techdocs-ref'] = 'dir:.';
    if (i % 5) annotations['pagerduty.com/service-id'] = `P${i}`;
    out.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `svc-${i}`,
        namespace: 'default',
        uid: `uid-${i}`,
        description: i % 7 ? `Service ${i}` : undefined,
        annotations,
      },
      spec: {
        type: 'service',
        lifecycle: i % 4 ? 'production' : 'experimental',
        owner: `team-${i % TEAMS}`,
        system: `system-${i % 100}`,
      },
    });
  }
  return out;
}

function snapshot(cluster: string, offset: number): ClusterSnapshot {
  const namespaces = Array.from({ length: TEAMS }, (_, t) => ({
    metadata: {
      name: `team-${t}`,
      labels: (t % 2
        ? { 'pod-security.kubernetes.io/enforce': 'restricted' }
        : {}) as Record<string, string>,
    },
  }));
  const pods = Array.from({ length: ENTITIES / 2 }, (_, k) => {
    const i = k * 2 + offset;
    return {
      metadata: {
        name: `svc-${i}-pod`,
        namespace: `team-${i % TEAMS}`,
        labels: { 'backstage.io/kubernetes-id': `svc-${i}` },
      },
      spec: {
        containers: [
          {
            name: 'main',
            image: i % 9 ? 'nvcr.io/nvidia/pytorch:25.10-py3' : 'quay.io/x/y:1',
            resources: { requests: i % 3 ? {} : { 'nvidia.com/gpu': '1' } },
          },
        ],
      },
    };
  });
  return {
    cluster,
    readAt: new Date().toISOString(),
    namespaces,
    pods,
    quotas: namespaces
      .filter((_, t) => t % 3)
      .map(n => ({
        metadata: { name: 'q', namespace: n.metadata.name },
        spec: { hard: { 'requests.nvidia.com/gpu': '8' } },
      })),
    networkPolicies: namespaces
      .filter((_, t) => t % 4)
      .map(n => ({
        metadata: { name: 'deny', namespace: n.metadata.name },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      })),
    clusterRoleBindings: [
      {
        metadata: { name: 'team-7-admin' },
        roleRef: { name: 'cluster-admin' },
        subjects: [{ kind: 'Group', name: 'team-7' }],
      },
    ],
    roleBindings: [],
    policyReports: namespaces
      .filter((_, t) => t % 5 === 0)
      .map(n => ({
        metadata: { name: 'polr', namespace: n.metadata.name },
        results: [{ policy: 'require-run-as-nonroot', result: 'fail' }],
      })),
  };
}

async function main() {
  const extraChecks = Array.from({ length: EXTRA_CHECKS }, (_, i) => ({
    id: `team-check-${i}`,
    title: `Team check ${i}`,
    severity: 'low',
    weight: 1 + (i % 3),
    explanation: 'A team rule.',
    howToFix: 'Follow the team rule.',
    kinds: ['component'],
    ...(i % 2
      ? {
          when: {
            fact: 'catalog.lifecycle',
            operator: 'equal',
            value: 'production',
          },
        }
      : {}),
    condition: {
      any: [
        {
          fact: 'catalog.hasDescription',
          operator: 'equal',
          value: i % 3 === 0,
        },
        { fact: 'k8s.images', operator: 'isNotEmpty' },
        { fact: 'catalog.owner', operator: 'matches', value: `team-${i}$` },
      ],
    },
  }));
  const registry = FrameworkRegistry.fromSources([
    ...readDefinitionsDirectory(BUILT_IN_DEFINITIONS_DIR),
    {
      origin: 'bench',
      content: {
        checks: extraChecks,
        frameworks: [
          {
            id: 'team-baseline',
            title: 'Team baseline',
            controls: Array.from({ length: 10 }, (_, c) => ({
              id: `TB-${c}`,
              title: `Control ${c}`,
              checks: extraChecks.filter((_, i) => i % 10 === c).map(x => x.id),
            })),
          },
        ],
      },
    },
  ]);
  const checks = registry.checks().length;
  const catalogEntities = entities();
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: {
      filename: join(
        mkdtempSync(join(tmpdir(), 'compliance-bench-')),
        'db.sqlite',
      ),
    },
    useNullAsDefault: true,
  });
  const store = await DatabaseComplianceStore.create({
    database: mockServices.database({ knex }),
  });
  const snapshots = [snapshot('gpu-prod', 0), snapshot('gpu-dev', 1)];
  const catalog = catalogServiceMock({ entities: catalogEntities });
  const auth = mockServices.auth();
  const { evaluations: service } = createComplianceServices({
    store,
    registry,
    retrievers: [
      CatalogFactRetriever.create(),
      KubernetesFactRetriever.create({
        clusters: {
          names: () => snapshots.map(s => s.cluster),
          snapshot: async name => snapshots.find(s => s.cluster === name)!,
        },
        allowedRegistries: ['nvcr.io/'],
      }),
      GrantFactRetriever.create({
        source: {
          listGrants: async () =>
            Array.from({ length: 500 }, (_, g) => ({
              id: `g-${g}`,
              entityRef: `component:default/svc-${g * 20}`,
              team: `team-${g % TEAMS}`,
              cluster: g % 2 ? 'gpu-prod' : 'gpu-dev',
              status: 'active',
              dataClassification: g % 3 ? 'internal' : 'restricted',
              justification: 'Training',
              durationHours: 24,
            })),
        },
        restrictedClusters: ['gpu-prod'],
      }),
      ModelFactRetriever.create({ allowedLicenses: ['Apache-2.0'] }),
    ],
    catalog,
    groupTree: CatalogGroupTree.create({ catalog, auth }),
    auth,
    permissions: mockServices.permissions(),
    auditor: silentAuditor,
    logger: silentLogger,
    levels: DEFAULT_LEVELS,
  });

  console.error(
    `Full evaluation of ${ENTITIES} entities by ${checks} checks...`,
  );
  const heapBefore = process.memoryUsage().heapUsed;
  let started = performance.now();
  const full = await service.runFull();
  const fullMs = performance.now() - started;
  const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

  const changed = catalogEntities.find(e => e.metadata.name === 'svc-4242')!;
  changed.metadata.description = 'Changed for the benchmark';
  console.error('Re-evaluating after one entity changed...');
  started = performance.now();
  const incremental = await service.runIncremental();
  const incrementalMs = performance.now() - started;
  const [{ n: results }] = await knex('compliance_results').count({ n: '*' });
  await knex.destroy();

  console.log(
    JSON.stringify({
      entities: ENTITIES,
      checks,
      resultRows: Number(results),
      fullEvaluated: full.evaluated,
      fullSeconds: Math.round(fullMs) / 1000,
      entitiesPerSecond: Math.round((full.evaluated / fullMs) * 1000),
      heapGrowthMiB: Math.round(heapMiB),
      incrementalEvaluated: incremental.evaluated,
      incrementalMs: Math.round(incrementalMs),
    }),
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
