import { expect, test } from '@playwright/test';
import {
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterSim } from '@ai-platform/cluster-sim';
import { Answer, PluginDatabases, call, eventually, signIn } from './api';
import { countLogged, ledgerMismatches, taskRuns } from './checks';
import { kubeGet, kubernetesConfig, startFleet } from './fleet';
import { FocusFileTotals, writeFocusFile } from './focusFile';
import { PORTS, assertFree } from './ports';
import { storedLineItems } from './storedLineItems';
import { ThrowawayPostgres, startPostgres } from './postgres';
import {
  Replica,
  SharedSetup,
  killReplica,
  startReplica,
  stopReplica,
  waitReady,
} from './replica';

/*
 * Several replicas on one database: two backend processes of the portal on
 * one PostgreSQL and the simulated fleet, with work sent to both at once and
 * one of them killed (SIGKILL, as at the end of a rollout's grace period) in
 * the middle of a billing ingest, a grant being applied and a compliance run.
 */
test.describe.configure({ mode: 'serial' });

const GUEST = 'user:default/guest';
const APPROVER = 'user:default/priya.platform';
const GPU = '/api/gpu-provisioning';
const OUTPUT = join(__dirname, '..', 'output', 'replicas');
const LOGS = join(OUTPUT, 'logs');
/** FOCUS rows of the files ingested below: long enough to watch and to kill. */
// Enough rows that the DuckDB ingest (the default) runs for seconds: the
// tests watch its progress from both replicas and kill one mid-ingest.
const INGEST_ROWS = Number(process.env.REPLICAS_INGEST_ROWS ?? 1_000_000);

let postgres: ThrowawayPostgres;
let sim: ClusterSim;
let dataDir: string;
let shared: SharedSetup;
let a: Replica;
let b: Replica;
let dbs: PluginDatabases;
let requester: string;
let approver: string;
const results: Record<string, unknown> = {};
const logFiles = () => [
  join(LOGS, 'replica-a.log'),
  join(LOGS, 'replica-b.log'),
];

function startA() {
  a = startReplica({
    name: 'replica-a',
    port: PORTS.replicaA,
    guest: GUEST,
    shared,
    logFile: join(LOGS, 'replica-a.log'),
  });
  return waitReady(a);
}

const grantInput = (overrides: Record<string, unknown> = {}) => ({
  team: 'group:default/conversational-ai',
  cluster: 'gpu-prod',
  gpuClass: 'h100',
  count: 1,
  durationHours: 8,
  purpose: 'fine-tuning',
  dataClassification: 'internal',
  justification: 'Replica test: GPUs asked for on two backends at once',
  ...overrides,
});

async function request(id: string, via: Replica = b) {
  return (await call(via, requester, 'GET', `${GPU}/requests/${id}`)).body;
}

const statusesOf = (answers: Answer[]) => answers.map(x => x.status).sort();

test.beforeAll(async () => {
  test.setTimeout(25 * 60_000);
  for (const port of [
    PORTS.replicaA,
    PORTS.replicaB,
    PORTS.cluster,
    PORTS.cluster + 1,
    PORTS.metrics,
  ]) {
    await assertFree(port);
  }
  rmSync(OUTPUT, { recursive: true, force: true });
  mkdirSync(LOGS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'replicas-'));
  mkdirSync(join(dataDir, 'billing'));
  postgres = await startPostgres();
  sim = await startFleet(join(dataDir, 'cluster-sim'));
  shared = {
    postgresPort: postgres.port,
    kubernetes: kubernetesConfig(sim),
    dataDir,
    prometheusPort: PORTS.prometheus,
  };
  // One after the other, as a rollout starts them: the first runs the
  // migrations, which take a lock the second would find held.
  await startA();
  b = startReplica({
    name: 'replica-b',
    port: PORTS.replicaB,
    guest: APPROVER,
    shared,
    logFile: join(LOGS, 'replica-b.log'),
  });
  await waitReady(b);
  dbs = new PluginDatabases(postgres.port);
  // Sign-in finds the user's groups in the catalog once it has read them.
  await eventually(
    'the demo organisation in the catalog',
    async () => {
      const token = await signIn(a);
      const group = await call(
        b,
        token,
        'GET',
        '/api/catalog/entities/by-name/group/default/platform-engineering',
      );
      return group.status === 200 ? true : undefined;
    },
    10 * 60_000,
    2000,
  );
  requester = await signIn(a);
  approver = await signIn(b);
});

test.afterAll(async () => {
  writeFileSync(
    join(OUTPUT, 'replicas-results.json'),
    JSON.stringify(results, null, 2),
  );
  await Promise.all([a, b].filter(Boolean).map(stopReplica));
  await dbs?.close();
  await sim?.stop();
  postgres?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('GPU requests, approvals, extensions and releases sent to both replicas at once', async () => {
  // A team with a quota of 8 H100s asks for 12, one at a time, half on each replica.
  const burst = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      call(i % 2 ? b : a, requester, 'POST', `${GPU}/requests`, grantInput()),
    ),
  );
  expect(statusesOf(burst)).toEqual([
    ...Array(8).fill(201),
    ...Array(4).fill(409),
  ]);
  for (const refused of burst.filter(x => x.status === 409)) {
    expect(refused.body.error.message).toMatch(/Quota exceeded for h100/);
  }
  const granted = burst.filter(x => x.status === 201).map(x => x.body);

  // Two requests over the approval threshold, each approved on both replicas at once.
  const big = await Promise.all(
    [a, b].map(via =>
      call(
        via,
        requester,
        'POST',
        `${GPU}/requests`,
        grantInput({
          team: 'group:default/ml-platform',
          cluster: 'gpu-dev',
          gpuClass: 'a100',
          count: 2,
          durationHours: 120,
        }),
      ),
    ),
  );
  expect(big.map(x => [x.status, x.body.status])).toEqual([
    [201, 'pending-approval'],
    [201, 'pending-approval'],
  ]);
  const approvals = await Promise.all(
    big.map(x =>
      Promise.all(
        [a, b].map(via =>
          call(via, approver, 'POST', `${GPU}/requests/${x.body.id}/approve`),
        ),
      ),
    ),
  );
  for (const pair of approvals) expect(statusesOf(pair)).toEqual([200, 409]);

  const all = [...granted, ...big.map(x => x.body)];
  for (const grant of all) {
    await eventually(`grant ${grant.id} active`, async () =>
      (await request(grant.id)).status === 'active' ? true : undefined,
    );
  }

  // One grant extended on both replicas at once: both extensions count, once each.
  const extended = granted[0];
  const extensions = await Promise.all(
    [a, b].map(via =>
      call(via, requester, 'POST', `${GPU}/requests/${extended.id}/extend`, {
        additionalHours: 4,
      }),
    ),
  );
  expect(statusesOf(extensions)).toEqual([200, 200]);
  const afterExtension = await request(extended.id, a);
  expect(afterExtension.durationHours).toBe(16);
  expect(
    Date.parse(afterExtension.expiresAt) -
      Date.parse(afterExtension.activeSince),
  ).toBe(16 * 3600_000);

  // One grant released on both replicas at once, another on one.
  const [releasedTwice, releasedOnce] = granted.slice(1, 3);
  const releases = await Promise.all([
    ...[a, b].map(via =>
      call(
        via,
        requester,
        'POST',
        `${GPU}/requests/${releasedTwice.id}/release`,
      ),
    ),
    call(b, requester, 'POST', `${GPU}/requests/${releasedOnce.id}/release`),
  ]);
  expect(releases.every(x => [200, 409].includes(x.status))).toBe(true);
  for (const grant of [releasedTwice, releasedOnce]) {
    expect((await request(grant.id)).status).toBe('released');
    await eventually(`namespace of ${grant.id} removed`, async () =>
      (await kubeGet(
        sim,
        'gpu-prod',
        `/api/v1/namespaces/${grant.namespace}`,
      )) === undefined
        ? true
        : undefined,
    );
  }

  const db = dbs.of('gpu-provisioning');
  expect(await ledgerMismatches(db)).toEqual([]);
  const reserved = await db('gpu_quota_usage')
    .where({ team: 'group:default/conversational-ai', quota_key: 'h100' })
    .first();
  expect(Number(reserved.reserved)).toBe(6);

  const applied: Record<string, number> = {};
  for (const grant of all) {
    applied[grant.id] = countLogged(logFiles(), 'Applied grant', grant.id);
    const live = await request(grant.id);
    if (live.status === 'active') {
      const quotas = await kubeGet(
        sim,
        live.cluster,
        `/api/v1/namespaces/${live.namespace}/resourcequotas`,
      );
      expect(quotas.items).toHaveLength(1);
    }
  }
  expect(Object.values(applied)).toEqual(all.map(() => 1));
  results.gpu = {
    requests: burst.length + big.length,
    created: all.length,
    refusedOverQuota: burst.filter(x => x.status === 409).length,
    approvals: approvals.map(statusesOf),
    extensions: statusesOf(extensions),
    releases: statusesOf(releases),
    appliedPerGrant: Object.values(applied),
    conversationalAiH100Reserved: Number(reserved.reserved),
  };
});

test('the lifecycle loop runs once per interval across the replicas', async () => {
  // Watch a minute of the loop (every 5 s) on top of what ran so far.
  await new Promise(r => setTimeout(r, 60_000));
  const runs = [a, b]
    .flatMap(r => taskRuns(r.logFile, r.name, 'gpu-provisioning-lifecycle'))
    .sort((x, y) => x.start - y.start);
  const overlaps = runs
    .slice(1)
    .filter((run, i) => run.start < runs[i].end)
    .map(run => `${run.replica} at ${new Date(run.start).toISOString()}`);
  const span = runs[runs.length - 1].end - runs[0].start;
  results.lifecycle = {
    runsPerReplica: [a, b].map(
      r => runs.filter(x => x.replica === r.name).length,
    ),
    runs: runs.length,
    spanMs: span,
    slotsOf5s: Math.ceil(span / 5_000),
    overlappingRuns: overlaps.length,
  };
  expect(overlaps).toEqual([]);
  // At most one run per 5 s slot, and the loop keeps running.
  expect(runs.length).toBeLessThanOrEqual(Math.ceil(span / 5_000) + 1);
  expect(runs.length).toBeGreaterThanOrEqual(Math.floor(span / 5_000 / 2));
});

/** Each replica's view of a running ingest of `fileName`, when it shows one. */
async function runningIngestViews(fileName: string) {
  const views = await Promise.all(
    [a, b].map(via =>
      call(via, approver, 'GET', '/api/cost/ingest/status?limit=10'),
    ),
  );
  return views.map(v =>
    (v.body.runs ?? []).find(
      (r: any) =>
        r.fileName === fileName && r.status === 'running' && r.bytesRead > 0,
    ),
  );
}

/**
 * Polls both replicas until `done` settles, keeping the first view of the
 * running ingest each one showed (they need not show it at the same poll).
 */
async function progressSeenOnBoth(fileName: string, done: Promise<unknown>) {
  let settled = false;
  done.finally(() => {
    settled = true;
  });
  const seen: any[] = [undefined, undefined];
  while (!settled && seen.some(r => !r)) {
    const views = await runningIngestViews(fileName);
    views.forEach((view, i) => {
      seen[i] ??= view;
    });
    await new Promise(r => setTimeout(r, 200));
  }
  return seen;
}

/** The period's line items per ingest run, in the database or in Parquet. */
function lineItems(period: string) {
  // The demo config keeps line items under AI_PLATFORM_DATA_DIR, which both
  // replicas share.
  return storedLineItems(dbs, join(dataDir, 'cost', 'line-items'), period);
}

test('a billing file is ingested once, and the other replica sees its progress', async () => {
  // Written beside the folder and moved in, as an export lands whole: the
  // scheduled scan never sees half a file.
  const staged = join(dataDir, 'may.csv.part');
  const totals = await writeFocusFile(staged, {
    rows: INGEST_ROWS,
    month: '2024-05',
  });
  renameSync(staged, join(dataDir, 'billing', 'may.csv'));
  const scans = Promise.all(
    [a, b].map(via => call(via, approver, 'POST', '/api/cost/ingest/scan')),
  );
  const progress = await progressSeenOnBoth('may.csv', scans);
  const answers = await scans;
  expect(progress.every(Boolean)).toBe(true);
  expect(statusesOf(answers)).toEqual([200, 200]);
  const runs = answers.flatMap(x => x.body.runs);
  expect(runs.map((r: any) => [r.fileName, r.status])).toEqual([
    ['may.csv', 'succeeded'],
  ]);
  expect(await lineItems(totals.billingPeriod)).toEqual([
    { run: runs[0].id, n: totals.rows, billedCents: totals.billedCents },
  ]);
  const stored = await dbs
    .of('cost')('cost_ingest_runs')
    .where({ file_name: 'may.csv' });
  expect(stored.map(r => r.status)).toEqual(['succeeded']);
  results.ingest = {
    rows: totals.rows,
    runsStored: stored.length,
    progressSeenOn: progress.map((r: any) => ({
      bytesRead: r.bytesRead,
      percent: r.percent,
    })),
    lineItems: (await lineItems(totals.billingPeriod))[0].n,
  };
});

test('a compliance run runs once across replicas; a waiver granted on one survives a run on the other', async () => {
  // The scheduled first run (20 s after start) is out of the way first.
  await eventually(
    'the scheduled compliance run',
    async () => {
      const rows = await dbs
        .of('compliance')('compliance_runs')
        .select('status');
      return rows.length && rows.every(r => r.status !== 'running')
        ? true
        : undefined;
    },
    300_000,
  );
  const evaluations = await Promise.all(
    [a, b].map(via =>
      call(via, approver, 'POST', '/api/compliance/evaluations', {}),
    ),
  );
  expect(statusesOf(evaluations)).toEqual([200, 409]);
  expect(evaluations.find(x => x.status === 409)!.body.error.message).toMatch(
    /A compliance evaluation is already running/,
  );
  const requested = await dbs
    .of('compliance')('compliance_runs')
    .where({ trigger: 'request' });
  expect(requested.map(r => r.status)).toEqual(['succeeded']);

  const entityRef = 'component:default/vision-embedding-service';
  const checkId = 'k8s-default-deny-network-policy';
  const waiver = await call(a, approver, 'POST', '/api/compliance/waivers', {
    entityRef,
    checkId,
    justification:
      'Ingress is limited by the service mesh until the CNI migration',
    expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  });
  expect(waiver.status).toBe(201);
  const onB = await call(
    b,
    approver,
    'POST',
    '/api/compliance/evaluations',
    {},
  );
  expect(onB.status).toBe(200);
  for (const via of [a, b]) {
    const entity = await call(
      via,
      approver,
      'GET',
      `/api/compliance/entity?entityRef=${encodeURIComponent(entityRef)}`,
    );
    expect(entity.body.checks.find((c: any) => c.checkId === checkId)).toEqual(
      expect.objectContaining({ status: 'waived', waiverId: waiver.body.id }),
    );
  }
  const asked = await dbs
    .of('compliance')('compliance_runs')
    .where({ trigger: 'request' });
  results.compliance = {
    concurrentRequests: statusesOf(evaluations),
    requestedRunsStored: asked.map(r => r.status),
    waiverSurvivedRunOnOtherReplica: true,
  };
  expect(asked.map(r => r.status)).toEqual(['succeeded', 'succeeded']);
});

test('killed mid-ingest: the file is ingested whole afterwards, nothing duplicated or missing', async () => {
  const staged = join(dataDir, 'june.csv.part');
  const totals: FocusFileTotals = await writeFocusFile(staged, {
    rows: INGEST_ROWS,
    month: '2024-06',
  });
  renameSync(staged, join(dataDir, 'billing', 'june.csv'));
  const scan = call(a, approver, 'POST', '/api/cost/ingest/scan').catch(
    error => ({ status: 0, body: String(error) }),
  );
  const running = await eventually(
    'the ingest under way on replica A',
    async () => {
      const onB = (await runningIngestViews('june.csv'))[1];
      return onB && onB.percent >= 10 ? onB : undefined;
    },
  );
  // No bound on the percent: the DuckDB ingest reads the whole file early
  // and spends the rest of its run writing Parquet and roll-ups. That the
  // run was under way shows below: the other replica marks it failed.
  await killReplica(a);
  expect((await scan).status).toBe(0);
  const partial = await lineItems(totals.billingPeriod);

  // The other replica tells the run is dead once its heartbeat is 30 s old.
  const failed = await eventually(
    'the dead ingest marked failed',
    async () => {
      const run = await call(
        b,
        approver,
        'GET',
        `/api/cost/ingest/runs/${running.id}`,
      );
      return run.body.status === 'failed' ? run.body : undefined;
    },
    120_000,
    2000,
  );
  expect(failed.message).toMatch(
    /the backend process running it \(.*\) stopped/,
  );
  const rescan = await call(b, approver, 'POST', '/api/cost/ingest/scan');
  expect(rescan.body.runs.map((r: any) => [r.fileName, r.status])).toEqual([
    ['june.csv', 'succeeded'],
  ]);
  const after = await lineItems(totals.billingPeriod);
  expect(after).toEqual([
    {
      run: rescan.body.runs[0].id,
      n: totals.rows,
      billedCents: totals.billedCents,
    },
  ]);
  await startA();
  const stored = await dbs
    .of('cost')('cost_ingest_runs')
    .where({ file_name: 'june.csv' });
  results.crashIngest = {
    killedAtPercent: Math.round(running.percent),
    lineItemsRightAfterKill: partial.reduce((s, r) => s + r.n, 0),
    deadRun: failed.status,
    lineItemsAfter: after[0].n,
    expected: totals.rows,
    duplicated: after[0].n - totals.rows > 0 ? after[0].n - totals.rows : 0,
    missing: totals.rows - after[0].n > 0 ? totals.rows - after[0].n : 0,
    runs: stored.map(r => r.status).sort(),
  };
  expect(partial).toEqual([]);
});

test('killed mid-apply: the grant is re-driven to active by the lifecycle loop', async () => {
  requester = await signIn(a);
  const gpuProd = sim.clusters.find(c => c.name === 'gpu-prod')!;
  // The RoleBinding of the grant takes 60 s: the replica dies before it.
  const rule = gpuProd.faults.add({
    type: 'latency',
    ms: 60_000,
    verb: 'patch',
    resource: 'rolebindings',
    times: 1,
  });
  const create = call(
    a,
    requester,
    'POST',
    `${GPU}/requests`,
    grantInput(),
  ).catch(error => ({ status: 0, body: String(error) }));
  const db = dbs.of('gpu-provisioning');
  const claimed = await eventually(
    'the grant claimed by replica A',
    async () => {
      const row = await db('gpu_requests')
        .where({ status: 'provisioning' })
        .first();
      return row?.claimed_by?.includes(`:${a.process.pid}:`) &&
        gpuProd.faults.hits.get(rule)
        ? row
        : undefined;
    },
  );
  await killReplica(a);
  expect((await create).status).toBe(0);
  gpuProd.faults.clear();

  const active = await eventually(
    'the grant active again',
    async () => {
      const row = await request(claimed.id);
      return row.status === 'active' ? row : undefined;
    },
    // A pass the killed replica was running holds the scheduler's lock for
    // the task's timeout (1 minute); then the claim (30 s) and one backoff.
    240_000,
    1000,
  );
  const stored = await db('gpu_requests').where({ id: claimed.id }).first();
  expect(stored.attempts).toBe(1);
  expect(stored.claimed_by).toBeNull();
  for (const path of [
    `/api/v1/namespaces/${active.namespace}/resourcequotas`,
    `/apis/rbac.authorization.k8s.io/v1/namespaces/${active.namespace}/rolebindings`,
  ]) {
    expect((await kubeGet(sim, 'gpu-prod', path)).items.length).toBeGreaterThan(
      0,
    );
  }
  expect(await ledgerMismatches(db)).toEqual([]);
  results.crashApply = {
    claimedBy: claimed.claimed_by,
    finalStatus: active.status,
    attempts: stored.attempts,
    appliedLogLines: countLogged(logFiles(), 'Applied grant', claimed.id),
  };
  await startA();
});

test('killed mid-evaluation: the run is marked failed and the other replica runs', async () => {
  const gpuProd = sim.clusters.find(c => c.name === 'gpu-prod')!;
  const rule = gpuProd.faults.add({
    type: 'latency',
    ms: 60_000,
    verb: 'list',
    resource: 'networkpolicies',
    times: 1,
  });
  const evaluation = call(
    a,
    approver,
    'POST',
    '/api/compliance/evaluations',
    {},
  ).catch(error => ({ status: 0, body: String(error) }));
  const runs = () => dbs.of('compliance')('compliance_runs');
  const running = await eventually(
    'the evaluation under way on replica A',
    async () => {
      const row = await runs()
        .where({ status: 'running', trigger: 'request' })
        .first();
      return row?.owner.includes(`:${a.process.pid}:`) &&
        gpuProd.faults.hits.get(rule)
        ? row
        : undefined;
    },
  );
  await killReplica(a);
  expect((await evaluation).status).toBe(0);
  gpuProd.faults.clear();

  const refused = await call(
    b,
    approver,
    'POST',
    '/api/compliance/evaluations',
    {},
  );
  expect(refused.status).toBe(409);
  const done = await eventually(
    'an evaluation on replica B',
    async () => {
      const answer = await call(
        b,
        approver,
        'POST',
        '/api/compliance/evaluations',
        {},
      );
      return answer.status === 200 ? answer.body : undefined;
    },
    120_000,
    5000,
  );
  const dead = await runs().where({ id: running.id }).first();
  expect(dead.status).toBe('failed');
  expect(dead.error).toMatch(/the backend process running it \(.*\) stopped/);
  results.crashCompliance = { deadRun: dead.status, runAfter: done.mode };
  await startA();
});

test('after the crashes nothing stays running', async () => {
  const cost = await dbs
    .of('cost')('cost_ingest_runs')
    .where({ status: 'running' });
  const compliance = await dbs
    .of('compliance')('compliance_runs')
    .where({ status: 'running' });
  const grants = await dbs
    .of('gpu-provisioning')('gpu_requests')
    .whereIn('status', ['provisioning', 'approved']);
  results.leftRunning = {
    ingestRuns: cost.length,
    complianceRuns: compliance.length,
    grantsInFlight: grants.length,
  };
  expect([cost.length, compliance.length, grants.length]).toEqual([0, 0, 0]);
  expect(await ledgerMismatches(dbs.of('gpu-provisioning'))).toEqual([]);
});
