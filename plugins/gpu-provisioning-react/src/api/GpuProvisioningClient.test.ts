import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { GpuProvisioningClient } from './GpuProvisioningClient';
import { makeRequest } from '../__fixtures__/gpu';

const baseUrl = 'http://localhost:7007/api/gpu-provisioning';

describe('GpuProvisioningClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new GpuProvisioningClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: mockApis.fetch(),
  });

  it.each([
    [{ scope: 'mine' as const }, 'scope=mine'],
    [
      { scope: 'all' as const, status: 'pending-approval' as const },
      'scope=all&status=pending-approval',
    ],
    [
      { scope: 'all' as const, team: 'group:default/ml-platform' },
      'scope=all&team=group%3Adefault%2Fml-platform',
    ],
    [
      { scope: 'all' as const, entityRef: 'component:default/assistant-api' },
      'scope=all&entityRef=component%3Adefault%2Fassistant-api',
    ],
  ])('lists requests with %j as ?%s', async (options, query) => {
    let url = '';
    server.use(
      http.get(`${baseUrl}/requests`, ({ request }) => {
        url = request.url;
        return HttpResponse.json({ items: [makeRequest()] });
      }),
    );
    const result = await client.listRequests(options);
    expect(url).toBe(`${baseUrl}/requests?${query}`);
    expect(result.items).toHaveLength(1);
  });

  it.each([
    ['getCapacity', () => client.getCapacity(), '/capacity'],
    ['getClasses', () => client.getClasses(), '/classes'],
    [
      'getQuota',
      () => client.getQuota({ team: 'group:default/ml-platform' }),
      '/quota?team=group%3Adefault%2Fml-platform',
    ],
    [
      'getQuotaSharing',
      () => client.getQuotaSharing({ team: 'group:default/vision' }),
      '/quota-sharing?team=group%3Adefault%2Fvision',
    ],
    ['getRequest', () => client.getRequest('a/b'), '/requests/a%2Fb'],
    [
      'getStartEstimate',
      () =>
        client.getStartEstimate({
          team: 'group:default/ml-platform',
          cluster: 'gpu-a',
          gpuClass: 'a100',
          migProfile: '1g.10gb',
          count: 2,
          durationHours: 8,
        }),
      '/start-estimate?team=group%3Adefault%2Fml-platform&cluster=gpu-a&gpuClass=a100&migProfile=1g.10gb&count=2&durationHours=8',
    ],
    [
      'getCalendar',
      () =>
        client.getCalendar({
          cluster: 'gpu-a',
          gpuClass: 'a100',
          migProfile: '1g.10gb',
          days: 14,
        }),
      '/calendar?cluster=gpu-a&gpuClass=a100&migProfile=1g.10gb&days=14',
    ],
    ['listIdleGrants', () => client.listIdleGrants(), '/idle-grants'],
    [
      'getIdlePolicyReport',
      () => client.getIdlePolicyReport(),
      '/idle-policy/report',
    ],
  ])('%s reads %s', async (_name, call, path) => {
    let url = '';
    server.use(
      http.get(`${baseUrl}/*`, ({ request }) => {
        url = request.url;
        return HttpResponse.json({ items: [] });
      }),
    );
    await call();
    expect(url).toBe(`${baseUrl}${path}`);
  });

  it('creates a request with the idempotency key and a JSON body', async () => {
    const input = {
      team: 'group:default/ml-platform',
      cluster: 'gpu-a',
      gpuClass: 'a100',
      count: 2,
      durationHours: 8,
      purpose: 'training' as const,
      dataClassification: 'internal' as const,
      justification: 'Fine-tune the assistant model',
    };
    let seen: { key: string | null; type: string | null; body: unknown } = {
      key: null,
      type: null,
      body: undefined,
    };
    server.use(
      http.post(`${baseUrl}/requests`, async ({ request }) => {
        seen = {
          key: request.headers.get('Idempotency-Key'),
          type: request.headers.get('Content-Type'),
          body: await request.json(),
        };
        return HttpResponse.json(makeRequest(), { status: 201 });
      }),
    );
    const created = await client.createRequest(input, {
      idempotencyKey: '5b1f3c0e-8a51-4c1e-9d7a-2a4f3a0f6e11',
    });
    expect(created.status).toBe('active');
    expect(seen).toEqual({
      key: '5b1f3c0e-8a51-4c1e-9d7a-2a4f3a0f6e11',
      type: 'application/json',
      body: input,
    });
  });

  it.each([
    [
      'approve',
      () => client.approveRequest('r1'),
      '/requests/r1/approve',
      undefined,
    ],
    [
      'reject',
      () => client.rejectRequest('r1', { reason: 'Not now' }),
      '/requests/r1/reject',
      { reason: 'Not now' },
    ],
    [
      'extend',
      () => client.extendRequest('r1', { additionalHours: 24 }),
      '/requests/r1/extend',
      { additionalHours: 24 },
    ],
    [
      'release',
      () => client.releaseRequest('r1'),
      '/requests/r1/release',
      undefined,
    ],
    [
      'shrink',
      () => client.shrinkRequest('r1', { count: 1 }),
      '/requests/r1/shrink',
      { count: 1 },
    ],
    [
      'idle-notice',
      () => client.notifyIdle('r1'),
      '/requests/r1/idle-notice',
      undefined,
    ],
    ['keep', () => client.keepRequest('r1'), '/requests/r1/keep', {}],
    [
      'keep for hours',
      () => client.keepRequest('r1', { hours: 48 }),
      '/requests/r1/keep',
      { hours: 48 },
    ],
  ])('%s posts to %s', async (_name, call, path, body) => {
    let seen: { url: string; body: unknown } = { url: '', body: undefined };
    server.use(
      http.post(`${baseUrl}/requests/*`, async ({ request }) => {
        const text = await request.text();
        seen = { url: request.url, body: text ? JSON.parse(text) : undefined };
        return HttpResponse.json(makeRequest());
      }),
    );
    await call();
    expect(seen).toEqual({ url: `${baseUrl}${path}`, body });
  });

  it.each([
    [409, 'Quota exceeded: group:default/ml-platform has 1 a100 left on gpu-a'],
    [403, 'You are not a member of group:default/finance'],
    [400, 'count: must be at least 1'],
  ])(
    'throws a ResponseError with the message on %s',
    async (status, message) => {
      server.use(
        http.post(`${baseUrl}/requests`, () =>
          HttpResponse.json(
            {
              error: { name: 'Error', message },
              response: { statusCode: status },
            },
            { status },
          ),
        ),
      );
      const error = await client
        .createRequest(
          {
            team: 'group:default/ml-platform',
            cluster: 'gpu-a',
            gpuClass: 'a100',
            count: 1,
            durationHours: 8,
            purpose: 'training',
            dataClassification: 'internal',
            justification: 'Fine-tune the assistant model',
          },
          { idempotencyKey: 'k' },
        )
        .catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(status);
      expect(error.cause.message).toBe(message);
    },
  );
});
