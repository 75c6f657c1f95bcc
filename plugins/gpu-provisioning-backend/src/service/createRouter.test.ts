import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  GpuRequest,
  GpuRequestInput,
} from '@ai-platform/plugin-gpu-provisioning-common';
import request from 'supertest';
import { createRouter } from './createRouter';
import { GpuRequestServices } from './types';

const input: GpuRequestInput = {
  team: 'group:default/conversational-ai',
  cluster: 'gpu-prod',
  gpuClass: 'h100',
  count: 2,
  durationHours: 48,
  purpose: 'fine-tuning',
  dataClassification: 'internal',
  justification: 'LoRA fine-tuning of the assistant',
};

const stored: GpuRequest = {
  ...input,
  id: '0b7c4c9e-3f7e-4d0a-9a51-2f1f3f1c6b1a',
  status: 'active',
  requestedBy: 'user:default/ana.assistant',
  createdAt: '2025-06-01T12:00:00.000Z',
  updatedAt: '2025-06-01T12:00:00.000Z',
  gpuHours: 96,
  estimatedCost: 432,
  requiresApproval: false,
};

const idleGrant = {
  requestId: stored.id,
  team: stored.team,
  requestedBy: stored.requestedBy,
  cluster: stored.cluster,
  namespace: 'conversational-ai-0b7c4c9e',
  gpuClass: stored.gpuClass,
  count: stored.count,
  activeSince: '2025-06-01T12:00:00.000Z',
  expiresAt: '2025-06-03T12:00:00.000Z',
  lastBusyAt: null,
  idleSince: '2025-06-01T12:00:00.000Z',
  idleHours: 30,
  idle: true,
  hourlyRate: '4.50',
  idleCostPerDay: '216.00',
  idleCost: '270.00',
};
const idlePolicy = {
  enabled: true,
  dryRun: true,
  idleHours: 24,
  graceHours: 24,
};

/** Stubs of the services; the real services are exercised in plugin.test.ts. */
function stubServices(answer: () => GpuRequest) {
  return {
    submissions: {
      create: jest.fn(async () => ({ request: answer(), created: true })),
    },
    queries: {
      get: jest.fn(async () => answer()),
      list: jest.fn(async () => [answer()]),
    },
    decisions: {
      approve: jest.fn(async () => answer()),
      reject: jest.fn(async () => answer()),
    },
    grants: {
      extend: jest.fn(async () => answer()),
      release: jest.fn(async () => answer()),
      withdraw: jest.fn(async () => answer()),
    },
    capacity: {
      capacity: jest.fn(async () => ({ items: [], errors: [] })),
      classes: jest.fn(async () => ({
        classes: [],
        policy: {
          maxDurationHours: 720,
          approvalThresholdGpuHours: 200,
          clusterDataClassifications: {},
        },
      })),
    },
    quotas: { quota: jest.fn(async () => []) },
    startEstimates: {
      estimate: jest.fn(async () => ({
        outcome: 'later' as const,
        startsAt: '2026-12-03T14:00:00.000Z',
        binding: 'quota' as const,
        waitsFor: 2,
        quotaLimit: 8,
        quotaLeft: 0,
        freeNow: 12,
        requiresApproval: false,
        reason: 'Starts in about 2 h, when 2 grants end.',
      })),
    },
    calendar: {
      calendar: jest.fn(async () => ({
        cluster: 'gpu-prod',
        gpuClass: 'h100',
        from: '2026-12-04T00:00:00.000Z',
        to: '2026-12-05T00:00:00.000Z',
        capacity: 8,
        hours: [{ start: '2026-12-04T00:00:00.000Z', booked: 2, free: 6 }],
        teams: [],
      })),
    },
    idle: {
      shrink: jest.fn(async () => answer()),
      notifyIdle: jest.fn(async () => ({
        requestId: stored.id,
        recipients: [stored.requestedBy, stored.team],
        idleHours: 30,
        idleCost: '270.00',
        idleCostPerDay: '216.00',
        sentAt: '2025-06-02T18:00:00.000Z',
      })),
      keep: jest.fn(async () => ({
        ...idleGrant,
        keptUntil: '2025-06-03T18:00:00.000Z',
      })),
      list: jest.fn(async () => ({
        items: [idleGrant],
        policy: idlePolicy,
        errors: [],
      })),
      report: jest.fn(async () => ({
        generatedAt: '2025-06-02T18:00:00.000Z',
        policy: idlePolicy,
        warn: [idleGrant],
        release: [],
        kept: [],
        savingPerDay: '0.00',
        savingPerDayAfterGrace: '216.00',
        errors: [],
      })),
    },
    quotaSharing: {
      quotaSharing: jest.fn(async () => ({
        team: 'group:default/vision',
        items: [],
        errors: [],
      })),
    },
  } satisfies GpuRequestServices;
}

async function startRouter(
  services: GpuRequestServices,
  validateResponses: boolean,
) {
  const plugin = createBackendPlugin({
    pluginId: 'gpu-provisioning',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          httpRouter.use(
            await createRouter({ services, httpAuth, validateResponses }),
          );
        },
      });
    },
  });
  const { server } = await startTestBackend({ features: [plugin] });
  return server;
}

const AUTH = mockCredentials.user.header('user:default/ana.assistant');

describe('createRouter', () => {
  it.each([
    [true, 500],
    [false, 200],
  ])(
    'with validateResponses %p answers a response off the contract with %p',
    async (validateResponses, status) => {
      const services = stubServices(() => ({
        ...stored,
        internalNote: 'must not leak',
      }));
      const server = await startRouter(services, validateResponses);
      const response = await request(server)
        .get(`/api/gpu-provisioning/requests/${stored.id}`)
        .set('Authorization', AUTH);
      expect(response.status).toBe(status);
    },
  );

  it('hands the start estimate its query and answers it on the contract', async () => {
    const services = stubServices(() => stored);
    const server = await startRouter(services, true);
    const response = await request(server)
      .get('/api/gpu-provisioning/start-estimate')
      .query({
        team: 'group:default/ml-platform',
        cluster: 'gpu-prod',
        gpuClass: 'h100',
        count: 4,
        durationHours: 8,
      })
      .set('Authorization', AUTH);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ outcome: 'later', waitsFor: 2 });
    expect(services.startEstimates.estimate).toHaveBeenCalledWith(
      expect.objectContaining({
        query: {
          team: 'group:default/ml-platform',
          cluster: 'gpu-prod',
          gpuClass: 'h100',
          count: 4,
          durationHours: 8,
        },
      }),
    );

    const missing = await request(server)
      .get('/api/gpu-provisioning/start-estimate')
      .query({ team: 'group:default/ml-platform' })
      .set('Authorization', AUTH);
    expect(missing.status).toBe(400);
  });

  it('hands query parameters and the Idempotency-Key to the service', async () => {
    const services = stubServices(() => stored);
    const server = await startRouter(services, true);

    const listed = await request(server)
      .get('/api/gpu-provisioning/requests')
      .query({
        scope: 'team',
        status: ['active', 'approved'],
        team: 'group:default/vision',
      })
      .set('Authorization', AUTH);
    expect(listed.status).toBe(200);
    expect(services.queries.list).toHaveBeenCalledWith(
      expect.objectContaining({
        scope: 'team',
        statuses: ['active', 'approved'],
        team: 'group:default/vision',
        credentials: expect.objectContaining({
          principal: expect.objectContaining({
            userEntityRef: 'user:default/ana.assistant',
          }),
        }),
      }),
    );

    await request(server)
      .get('/api/gpu-provisioning/requests')
      .query({ status: 'active' })
      .set('Authorization', AUTH);
    expect(services.queries.list).toHaveBeenLastCalledWith(
      expect.objectContaining({ statuses: ['active'] }),
    );

    const created = await request(server)
      .post('/api/gpu-provisioning/requests')
      .set('Authorization', AUTH)
      .set('Idempotency-Key', 'key-1')
      .send(input);
    expect(created.status).toBe(201);
    expect(services.submissions.create).toHaveBeenCalledWith(
      expect.objectContaining({ idempotencyKey: 'key-1' }),
    );
  });

  it('allows service principals to read but not to change', async () => {
    const services = stubServices(() => stored);
    const server = await startRouter(services, true);
    const read = await request(server)
      .get('/api/gpu-provisioning/capacity')
      .set('Authorization', mockCredentials.service.header());
    expect(read.status).toBe(200);
    const change = await request(server)
      .post(`/api/gpu-provisioning/requests/${stored.id}/release`)
      .set('Authorization', mockCredentials.service.header());
    expect(change.status).toBe(403);
    expect(services.grants.release).not.toHaveBeenCalled();
  });

  it('hands the idle routes their ids and bodies and answers on the contract', async () => {
    const services = stubServices(() => stored);
    const server = await startRouter(services, true);
    const base = `/api/gpu-provisioning/requests/${stored.id}`;

    const shrunk = await request(server)
      .post(`${base}/shrink`)
      .set('Authorization', AUTH)
      .send({ count: 1 });
    expect(shrunk.status).toBe(200);
    expect(services.idle.shrink).toHaveBeenCalledWith(
      expect.objectContaining({ id: stored.id, input: { count: 1 } }),
    );

    const kept = await request(server)
      .post(`${base}/keep`)
      .set('Authorization', AUTH);
    expect(kept.status).toBe(200);
    expect(kept.body.keptUntil).toBe('2025-06-03T18:00:00.000Z');

    const notice = await request(server)
      .post(`${base}/idle-notice`)
      .set('Authorization', AUTH);
    expect(notice.status).toBe(200);
    expect(notice.body.idleCost).toBe('270.00');

    const list = await request(server)
      .get('/api/gpu-provisioning/idle-grants')
      .set('Authorization', mockCredentials.service.header());
    expect(list.status).toBe(200);
    expect(list.body.items[0].idleHours).toBe(30);

    const report = await request(server)
      .get('/api/gpu-provisioning/idle-policy/report')
      .set('Authorization', AUTH);
    expect(report.status).toBe(200);
    expect(report.body.savingPerDayAfterGrace).toBe('216.00');
  });

  it.each([
    ['shrink', { count: 0 }, /count: must be at least 1/],
    ['shrink', { count: 1.5 }, /count: must be a whole number/],
    ['shrink', { gpus: 1 }, /gpus/],
    ['keep', { hours: 0 }, /hours: must be at least 1 hour/],
    ['keep', { hours: 721 }, /hours: must be at most 30 days/],
  ])(
    'refuses POST %s with %j naming the field',
    async (route, body, message) => {
      const services = stubServices(() => stored);
      const server = await startRouter(services, true);
      const response = await request(server)
        .post(`/api/gpu-provisioning/requests/${stored.id}/${route}`)
        .set('Authorization', AUTH)
        .send(body);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(message);
      expect(services.idle.shrink).not.toHaveBeenCalled();
      expect(services.idle.keep).not.toHaveBeenCalled();
    },
  );

  it.each(['shrink', 'keep', 'idle-notice'])(
    'refuses service principals on POST %s',
    async route => {
      const services = stubServices(() => stored);
      const server = await startRouter(services, true);
      const response = await request(server)
        .post(`/api/gpu-provisioning/requests/${stored.id}/${route}`)
        .set('Authorization', mockCredentials.service.header())
        .send(route === 'shrink' ? { count: 1 } : {});
      expect(response.status).toBe(403);
      expect(services.idle.shrink).not.toHaveBeenCalled();
      expect(services.idle.keep).not.toHaveBeenCalled();
      expect(services.idle.notifyIdle).not.toHaveBeenCalled();
    },
  );
});
