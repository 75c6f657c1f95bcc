/* eslint-disable no-console */
// Compliance evaluation at scale, on SQLite and on PostgreSQL, each engine in a
// fresh process of its own: a full run over 10,000 catalog entities by 50
// checks (the 20 built-in ones and 30 team checks from config), gathering
// catalog, cluster (a synthetic 10,000-pod snapshot per cluster), GPU grant and
// model facts and writing results, scores and history; a second full run with
// nothing changed; one entity changed in the catalog until its scorecard and
// its team's roll-up show it; and the group heat map through the router over
// HTTP with the portal's real permission policy (p50/p95). Prints one JSON
// line with every engine's figures.
//
// PostgreSQL: BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (else
// TEST_POSTGRES_URL, else 127.0.0.1:55432); the benchmark creates a database
// of its own and drops it afterwards. BENCH_COMPLIANCE_ENGINES=sqlite limits
// the engines.
import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { suitePermissions } from '@ai-platform/test-utils';
import express from 'express';
import { spawn } from 'node:child_process';
import { AddressInfo } from 'node:net';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory, { Knex } from 'knex';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LEVELS } from '../plugins/compliance-backend/src/config/ComplianceConfig';
import { DatabaseComplianceStore } from '../plugins/compliance-backend/src/database/DatabaseComplianceStore';
import { CatalogFactRetriever } from '../plugins/compliance-backend/src/facts/CatalogFactRetriever';
import { GrantFactRetriever } from '../plugins/compliance-backend/src/facts/GrantFactRetriever';
import {
  CLUSTER_READ_REUSE_MS,
  KubernetesFactRetriever,
} from '../plugins/compliance-backend/src/facts/KubernetesFactRetriever';
import { ModelFactRetriever } from '../plugins/compliance-backend/src/facts/ModelFactRetriever';
import {
  BUILT_IN_DEFINITIONS_DIR,
  FrameworkRegistry,
  readDefinitionsDirectory,
} from '../plugins/compliance-backend/src/frameworks/FrameworkRegistry';
import { ClusterSnapshot } from '../plugins/compliance-backend/src/kubernetes/types';
import { CatalogGroupTree } from '@ai-platform/plugin-ai-platform-node';
import { createComplianceServices } from '../plugins/compliance-backend/src/service/createComplianceServices';
import { createRouter } from '../plugins/compliance-backend/src/router';

const ENTITIES = Number(process.env.BENCH_COMPLIANCE_ENTITIES ?? 10_000);
const TEAMS = 50;
const EXTRA_CHECKS = 30;
const HEATMAP_REQUESTS = Number(process.env.BENCH_COMPLIANCE_HEATMAP ?? 200);
const HEATMAP_WARMUP = 10;
/** Entities changed one after another: the first call of the path, then 10 more. */
const CHANGES = 11;
const ENGINES = (process.env.BENCH_COMPLIANCE_ENGINES ?? 'sqlite,postgres')
  .split(',')
  .map(e => e.trim())
  .filter(Boolean);
const POSTGRES_URL =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
  process.env.TEST_POSTGRES_URL ??
  'postgresql://postgres@127.0.0.1:55432';
/** A user of the team whose entity changes, as a sign-in resolver claims it. */
const READER = 'user:default/bench.reader';
const READER_TEAM = 'group:default/team-42';
/** svc-4242 at full size: an entity of team-42 in the middle of the catalog. */
const CHANGED_INDEX = 42 + 50 * Math.floor((ENTITIES * 0.4242) / 50);
const CHANGED = `component:default/svc-${CHANGED_INDEX}`;

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

function registryOf() {
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
  return FrameworkRegistry.fromSources([
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
}

/** A database of the engine's own, and how to drop it afterwards. */
async function openDatabase(
  engine: string,
): Promise<{ knex: Knex; drop: () => Promise<void> }> {
  if (engine === 'sqlite') {
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
    return { knex, drop: () => knex.destroy() };
  }
  const name = `compliance_bench_${process.pid}`;
  const admin = knexFactory({
    client: 'pg',
    connection: { connectionString: POSTGRES_URL },
  });
  // A process id can repeat: a database left by a killed run goes first.
  await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const knex = knexFactory({
    client: 'pg',
    connection: { connectionString: url.toString() },
  });
  return {
    knex,
    drop: async () => {
      await knex.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
      await admin.destroy();
    },
  };
}

/** Peak resident memory between start and stop, sampled every 20 ms. */
function memorySampler() {
  const baselineMiB = process.memoryUsage().rss / 2 ** 20;
  let peak = baselineMiB;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20);
  }, 20);
  return {
    baselineMiB: Math.round(baselineMiB),
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20);
      return Math.round(peak);
    },
  };
}

/**
 * `suitePermissions` builds its service with `jest.fn()`; outside Jest this
 * stand-in does the one thing it needs: call the implementation given.
 */
function provideJestFn() {
  const g = globalThis as { jest?: unknown };
  g.jest ??= {
    fn: () => {
      let impl: ((...args: unknown[]) => unknown) | undefined;
      const mock = (...args: unknown[]) => impl?.(...args);
      mock.mockImplementation = (next: typeof impl) => {
        impl = next;
        return mock;
      };
      return mock;
    },
  };
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return Math.round(sorted[index] * 10) / 10;
}

async function runEngine(engine: string) {
  const registry = registryOf();
  const checks = registry.checks().length;
  const catalogEntities = entities();
  const { knex, drop } = await openDatabase(engine);
  const store = await DatabaseComplianceStore.create({
    database: mockServices.database({ knex }),
  });
  const snapshots = [snapshot('gpu-prod', 0), snapshot('gpu-dev', 1)];
  const catalog = catalogServiceMock({ entities: catalogEntities });
  const auth = mockServices.auth();
  // The portal's real policy, as the router tests decide with it.
  provideJestFn();
  const permissions = await suitePermissions({
    memberships: { [READER]: [READER_TEAM] },
  });
  const services = createComplianceServices({
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
        snapshotMaxAgeMs: CLUSTER_READ_REUSE_MS,
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
    permissions,
    auditor: silentAuditor,
    logger: silentLogger,
    levels: DEFAULT_LEVELS,
  });
  const service = services.evaluations;

  // The router a user's request takes, on a loopback port of its own.
  const app = express();
  app.use(
    '/api/compliance',
    await createRouter({ services, httpAuth: mockServices.httpAuth() }),
  );
  const server = app.listen(engine === 'sqlite' ? 19700 : 19701, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const base = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/compliance`;
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`, {
      headers: { authorization: mockCredentials.user.header(READER) },
    });
    if (!response.ok)
      throw new Error(
        `GET ${path}: ${response.status} ${await response.text()}`,
      );
    return response.json();
  };

  console.error(
    `[${engine}] full evaluation of ${ENTITIES} entities by ${checks} checks...`,
  );
  const memory = memorySampler();
  let started = performance.now();
  const full = await service.runFull();
  const fullMs = performance.now() - started;
  const peakAfterFullMiB = memory.stop();

  console.error(`[${engine}] second full run, nothing changed...`);
  started = performance.now();
  const second = await service.runFull();
  const secondMs = performance.now() - started;

  // Entities change one at a time: each is described now and moved from
  // team-42 to team-43; timed from the moment the change is seen until its
  // scorecard and both teams' roll-ups show it over HTTP.
  const teamCount = async (team: string) =>
    (
      (await get(
        `/subject?subjectRef=${encodeURIComponent(`group:default/${team}`)}`,
      )) as { items: Array<{ frameworkId: string; entities: number }> }
    ).items.find(r => r.frameworkId === 'soc2')?.entities ?? 0;
  console.error(`[${engine}] ${CHANGES} entities changed one at a time...`);
  const changeMs: number[] = [];
  let changesVisible = 0;
  let changeEvaluated = 0;
  for (let k = 0; k < CHANGES; k++) {
    const index = CHANGED_INDEX + 50 * k;
    const ref = `component:default/svc-${index}`;
    // The page is open: its scorecard was read before the change.
    await get(`/entity?entityRef=${encodeURIComponent(ref)}`);
    const before42 = await teamCount('team-42');
    const before43 = await teamCount('team-43');
    const changed = catalogEntities.find(
      e => e.metadata.name === `svc-${index}`,
    )!;
    changed.metadata.description = 'Changed for the benchmark';
    changed.spec = { ...changed.spec, owner: 'team-43' };
    started = performance.now();
    // The per-entity path, as the catalog change is seen.
    const summary = await service.evaluateEntities([ref]);
    const card = await get(`/entity?entityRef=${encodeURIComponent(ref)}`);
    const after42 = await teamCount('team-42');
    const after43 = await teamCount('team-43');
    changeMs.push(performance.now() - started);
    changeEvaluated += summary.evaluated;
    if (
      card.checks.find(
        (c: { checkId: string }) => c.checkId === 'catalog-description-set',
      )?.status === 'pass' &&
      after42 === before42 - 1 &&
      after43 === before43 + 1
    )
      changesVisible++;
  }
  const changeSteps = process.env.BENCH_COMPLIANCE_STEPS
    ? await stepTimes(service, get, CHANGED)
    : undefined;
  const laterChanges = changeMs.slice(1).sort((a, b) => a - b);

  console.error(`[${engine}] group heat map over HTTP...`);
  const heatmapMs: number[] = [];
  let heatmapRows = 0;
  for (let i = 0; i < HEATMAP_WARMUP + HEATMAP_REQUESTS; i++) {
    const t = performance.now();
    const body = await get('/heatmap');
    if (i >= HEATMAP_WARMUP) heatmapMs.push(performance.now() - t);
    heatmapRows = body.rows.length;
  }
  heatmapMs.sort((a, b) => a - b);

  const results = (await store.listResults()).length;
  server.close();
  await drop();

  return {
    engine,
    entities: ENTITIES,
    checks,
    resultRows: Number(results),
    fullEvaluated: full.evaluated,
    fullSeconds: Math.round(fullMs) / 1000,
    entitiesPerSecond: Math.round((full.evaluated / fullMs) * 1000),
    rssBaselineMiB: memory.baselineMiB,
    rssPeakFullMiB: peakAfterFullMiB,
    secondFullSeconds: Math.round(secondMs) / 1000,
    secondFullEvaluated: second.evaluated,
    secondFullUnchanged: second.unchanged,
    changePath: 'evaluateEntities',
    changes: CHANGES,
    changeEvaluated,
    changesVisible,
    changeVisibleFirstMs: Math.round(changeMs[0] * 10) / 10,
    changeVisibleLaterP50Ms: percentile(laterChanges, 50),
    changeVisibleLaterMaxMs: percentile(laterChanges, 100),
    ...(changeSteps ? { changeSteps } : {}),
    heatmapRequests: HEATMAP_REQUESTS,
    heatmapRows,
    heatmapP50Ms: percentile(heatmapMs, 50),
    heatmapP95Ms: percentile(heatmapMs, 95),
  };
}

/** Where the per-entity path's time goes, over five repeats (BENCH_COMPLIANCE_STEPS). */
async function stepTimes(
  service: { evaluateEntities(refs: string[]): Promise<unknown> },
  get: (path: string) => Promise<any>,
  ref: string,
) {
  const out: Record<string, number[]> = {
    evaluate: [],
    entity: [],
    subject: [],
  };
  for (let i = 0; i < 5; i++) {
    let t = performance.now();
    await service.evaluateEntities([ref]);
    out.evaluate.push(Math.round(performance.now() - t));
    t = performance.now();
    await get(`/entity?entityRef=${encodeURIComponent(ref)}`);
    out.entity.push(Math.round(performance.now() - t));
    t = performance.now();
    await get(
      `/subject?subjectRef=${encodeURIComponent('group:default/team-43')}`,
    );
    out.subject.push(Math.round(performance.now() - t));
  }
  return out;
}

/** Runs one engine in a fresh process and returns its JSON line. */
function child(engine: string): Promise<object> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...process.execArgv, __filename], {
      env: { ...process.env, BENCH_COMPLIANCE_CHILD: engine },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', chunk => (out += chunk));
    proc.on('close', code =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!))
        : reject(new Error(`The ${engine} run exited with ${code}`)),
    );
  });
}

async function main() {
  const engine = process.env.BENCH_COMPLIANCE_CHILD;
  if (engine) {
    console.log(JSON.stringify(await runEngine(engine)));
    // The policy's test backend and the HTTP client keep handles open.
    process.exit(0);
  }
  const engines = [];
  for (const e of ENGINES) engines.push(await child(e));
  console.log(
    JSON.stringify({
      goals: {
        fullSeconds: 5,
        secondFullSeconds: 2,
        changeVisibleLaterP50Ms: 50,
        heatmapP95Ms: 100,
      },
      engines,
    }),
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
