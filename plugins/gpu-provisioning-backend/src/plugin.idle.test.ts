import {
  RecordedAuditEvent,
  createTestDatabases,
} from '@ai-platform/test-utils';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  NamespaceUsage,
  NamespaceUsageList,
  UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';
import Router from 'express-promise-router';
import { Knex } from 'knex';
import request from 'supertest';
import { ANA, BO, PAT } from './__fixtures__/entities';
import { FakeCluster } from './__testUtils__/FakeCluster';
import { as, startTestGpuBackend } from './__testUtils__/startTestGpuBackend';

// The real plugin (store, services, router) beside a stand-in gpu-metrics
// backend answering GET /namespace-usage on the contract, so the idle routes
// read usage over HTTP through the generated GpuMetricsApiClient with the
// plugin's own token.
const mockCluster = FakeCluster.create();
jest.mock('./kubernetes', () => ({
  createKubernetesGrantServices: () => ({
    capacity: mockCluster,
    provisioner: mockCluster,
    // No Kueue cluster: quota sharing answers no items.
    kueueClusters: [],
  }),
}));

jest.setTimeout(60_000);

const databases = createTestDatabases();
const BASE = '/api/gpu-provisioning';
const HOUR = 3_600_000;

const small = {
  team: 'group:default/conversational-ai',
  cluster: 'gpu-prod',
  gpuClass: 'h100',
  count: 2,
  durationHours: 72,
  purpose: 'training',
  dataClassification: 'internal',
  justification: 'Evaluation runs of the assistant model',
};

/** What the stand-in gpu-metrics saw, and the answer it gives per namespace. */
const metrics = {
  calls: [] as Array<{ query: unknown; caller: string }>,
  lastBusyAt: new Map<string, string | null>(),
  failing: new Set<string>(),
};

const gpuMetricsStandIn = createBackendPlugin({
  pluginId: 'gpu-metrics',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({ httpRouter, httpAuth }) {
        const router = Router();
        router.get('/namespace-usage', async (req, res) => {
          const credentials = await httpAuth.credentials(req, {
            allow: ['service'],
          });
          metrics.calls.push({
            query: req.query,
            caller: credentials.principal.subject,
          });
          const namespace = String(req.query.namespace);
          if (metrics.failing.has(namespace)) {
            res.status(503).json({
              error: { name: 'ServiceUnavailableError', message: 'no data' },
              response: { statusCode: 503 },
            });
            return;
          }
          // Typed by gpu-metrics' contract, so the stand-in answers as it does.
          const usage: NamespaceUsage = {
            cluster: String(req.query.cluster),
            namespace,
            window: String(req.query.window) as UsageWindow,
            gpusHeld: 2,
            utilisation: { mean: 0, max: 0 },
            busyGpuHours: 0,
            idleGpuHours: 60,
            lastBusyAt: metrics.lastBusyAt.get(namespace) ?? null,
          };
          res.json(usage);
        });
        // A pass over many grants reads the cluster's namespaces at once.
        router.get('/namespace-usages', async (req, res) => {
          const credentials = await httpAuth.credentials(req, {
            allow: ['service'],
          });
          metrics.calls.push({
            query: req.query,
            caller: credentials.principal.subject,
          });
          if (metrics.failing.size > 0) {
            res.status(503).json({
              error: { name: 'ServiceUnavailableError', message: 'no data' },
              response: { statusCode: 503 },
            });
            return;
          }
          const window = String(req.query.window) as UsageWindow;
          const list: NamespaceUsageList = {
            cluster: String(req.query.cluster),
            window,
            items: [...metrics.lastBusyAt].map(([namespace, lastBusyAt]) => ({
              cluster: String(req.query.cluster),
              namespace,
              window,
              gpusHeld: 2,
              utilisation: { mean: 0, max: 0 },
              busyGpuHours: 0,
              idleGpuHours: 60,
              lastBusyAt,
            })),
          };
          res.json(list);
        });
        httpRouter.use(router);
      },
    });
  },
});

describe.each(databases.eachSupportedId())('idle grants on %p', databaseId => {
  let knex: Knex;
  let server: Awaited<ReturnType<typeof startTestGpuBackend>>['server'];
  let sent: Awaited<ReturnType<typeof startTestGpuBackend>>['sent'];
  let auditEvents: RecordedAuditEvent[];

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    ({ server, sent, auditEvents } = await startTestGpuBackend({
      knex,
      features: [gpuMetricsStandIn],
    }));
  });

  beforeEach(async () => {
    await knex('gpu_requests').delete();
    await knex('gpu_quota_usage').delete();
    mockCluster.applied.length = 0;
    metrics.calls.length = 0;
    metrics.lastBusyAt.clear();
    metrics.failing.clear();
    sent.length = 0;
    auditEvents.length = 0;
  });

  /** ANA's active grant of 2 × H100, made active 30 hours ago. */
  async function idleGrant() {
    const created = await request(server)
      .post(`${BASE}/requests`)
      .set(...as(ANA))
      .send(small);
    expect(created.body.status).toBe('active');
    await knex('gpu_requests')
      .where({ id: created.body.id })
      .update({ active_since: new Date(Date.now() - 30 * HOUR).toISOString() });
    auditEvents.length = 0;
    return created.body as { id: string; namespace: string };
  }

  it('lists idle grants to their owners from gpu-metrics usage over HTTP', async () => {
    const grant = await idleGrant();
    const mine = await request(server)
      .get(`${BASE}/idle-grants`)
      .set(...as(ANA));
    expect(mine.status).toBe(200);
    expect(mine.body.policy).toEqual({
      enabled: false,
      dryRun: true,
      idleHours: 24,
      graceHours: 24,
    });
    expect(mine.body.items).toHaveLength(1);
    const [item] = mine.body.items;
    expect(item).toMatchObject({
      requestId: grant.id,
      namespace: grant.namespace,
      count: 2,
      lastBusyAt: null,
      idle: true,
      hourlyRate: '4.50',
      idleCostPerDay: '216.00',
    });
    expect(item.idleHours).toBeGreaterThanOrEqual(29.99);
    expect(item.idleHours).toBeLessThan(30.1);
    // The listing reads the cluster's namespaces once, not one by one.
    expect(metrics.calls).toEqual([
      {
        query: { cluster: 'gpu-prod', window: '7d' },
        caller: 'plugin:gpu-provisioning',
      },
    ]);

    // Busy an hour ago: idle for an hour only.
    metrics.lastBusyAt.set(
      grant.namespace,
      new Date(Date.now() - HOUR).toISOString(),
    );
    const busy = await request(server)
      .get(`${BASE}/idle-grants`)
      .set(...as(ANA));
    expect(busy.body.items[0].idle).toBe(false);
    expect(busy.body.items[0].idleHours).toBeLessThan(1.1);

    const other = await request(server)
      .get(`${BASE}/idle-grants`)
      .set(...as(BO));
    expect(other.body.items).toEqual([]);
  });

  it('answers usage it cannot read as an error beside the grant, and refuses a notice then', async () => {
    const grant = await idleGrant();
    metrics.failing.add(grant.namespace);
    const list = await request(server)
      .get(`${BASE}/idle-grants`)
      .set(...as(ANA));
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ idle: false, idleHours: 0 });
    expect(list.body.items[0].usageError).toMatch(/503/);
    expect(list.body.errors).toEqual([
      {
        cluster: 'gpu-prod',
        message: expect.stringContaining(grant.namespace),
      },
    ]);
    const notice = await request(server)
      .post(`${BASE}/requests/${grant.id}/idle-notice`)
      .set(...as(PAT));
    expect(notice.status).toBe(503);
    expect(sent).toEqual([]);
  });

  it('lets approvers notify the owners with the idle hours and money, audited', async () => {
    const grant = await idleGrant();
    const refused = await request(server)
      .post(`${BASE}/requests/${grant.id}/idle-notice`)
      .set(...as(ANA));
    expect(refused.status).toBe(403);

    const notice = await request(server)
      .post(`${BASE}/requests/${grant.id}/idle-notice`)
      .set(...as(PAT));
    expect(notice.status).toBe(200);
    expect(notice.body).toMatchObject({
      requestId: grant.id,
      recipients: [ANA, 'group:default/conversational-ai'],
      idleCostPerDay: '216.00',
    });
    expect(sent).toHaveLength(1);
    expect(sent[0].recipients).toEqual({
      type: 'entity',
      entityRef: [ANA, 'group:default/conversational-ai'],
    });
    expect(sent[0].payload.description).toContain(
      `idle for ${notice.body.idleHours} hours, costing ${notice.body.idleCost}`,
    );
    expect(auditEvents).toContainEqual(
      expect.objectContaining({
        eventId: 'gpu-request-idle-notice',
        status: 'succeeded',
        meta: expect.objectContaining({ requestId: grant.id, actor: PAT }),
      }),
    );
  });

  it('lets the owners keep a grant, which the report then lists as kept', async () => {
    const grant = await idleGrant();
    const report = await request(server)
      .get(`${BASE}/idle-policy/report`)
      .set(...as(PAT));
    expect(
      report.body.warn.map((g: { requestId: string }) => g.requestId),
    ).toEqual([grant.id]);
    expect(report.body.savingPerDayAfterGrace).toBe('216.00');

    const refused = await request(server)
      .post(`${BASE}/requests/${grant.id}/keep`)
      .set(...as(BO))
      .send({ hours: 48 });
    expect(refused.status).toBe(403);
    const kept = await request(server)
      .post(`${BASE}/requests/${grant.id}/keep`)
      .set(...as(ANA))
      .send({ hours: 48 });
    expect(kept.status).toBe(200);
    expect(kept.body.keptBy).toBe(ANA);
    const until = Date.parse(kept.body.keptUntil) - Date.now();
    expect(until).toBeGreaterThan(47.9 * HOUR);
    expect(until).toBeLessThanOrEqual(48 * HOUR);

    const after = await request(server)
      .get(`${BASE}/idle-policy/report`)
      .set(...as(PAT));
    expect(after.body.warn).toEqual([]);
    expect(
      after.body.kept.map((g: { requestId: string }) => g.requestId),
    ).toEqual([grant.id]);
    expect(after.body.savingPerDayAfterGrace).toBe('0.00');
    expect(auditEvents).toContainEqual(
      expect.objectContaining({
        eventId: 'gpu-request-keep',
        status: 'succeeded',
      }),
    );
  });

  it('shrinks a grant on the cluster and in the ledger for its owners, 409 when not smaller or not active', async () => {
    const grant = await idleGrant();
    const refused = await request(server)
      .post(`${BASE}/requests/${grant.id}/shrink`)
      .set(...as(BO))
      .send({ count: 1 });
    expect(refused.status).toBe(403);
    const same = await request(server)
      .post(`${BASE}/requests/${grant.id}/shrink`)
      .set(...as(ANA))
      .send({ count: 2 });
    expect(same.status).toBe(409);
    expect(same.body.error.message).toMatch(/^count: the grant holds 2/);

    const shrunk = await request(server)
      .post(`${BASE}/requests/${grant.id}/shrink`)
      .set(...as(ANA))
      .send({ count: 1 });
    expect(shrunk.status).toBe(200);
    expect(shrunk.body).toMatchObject({
      count: 1,
      gpuHours: 72,
      estimatedCost: 324,
      status: 'active',
    });
    expect(mockCluster.applied.at(-1)!.request).toMatchObject({
      id: grant.id,
      count: 1,
    });
    const quota = await request(server)
      .get(`${BASE}/quota`)
      .query({ team: 'group:default/conversational-ai' })
      .set(...as(ANA));
    expect(quota.body.items).toContainEqual(
      expect.objectContaining({ gpuClass: 'h100', used: 1 }),
    );
    // The refusals are audited too.
    expect(auditEvents.map(e => [e.eventId, e.status])).toEqual([
      ['gpu-request-shrink', 'failed'],
      ['gpu-request-shrink', 'failed'],
      ['gpu-grant-apply', 'succeeded'],
      ['gpu-request-shrink', 'succeeded'],
    ]);

    await request(server)
      .post(`${BASE}/requests/${grant.id}/release`)
      .set(...as(ANA));
    const ended = await request(server)
      .post(`${BASE}/requests/${grant.id}/shrink`)
      .set(...as(ANA))
      .send({ count: 1 });
    expect(ended.status).toBe(409);
    const missing = await request(server)
      .post(`${BASE}/requests/3f0c9a8e-9a4b-4a57-8a43-1d2d2b1e9c11/keep`)
      .set(...as(ANA));
    expect(missing.status).toBe(404);
  });
});
