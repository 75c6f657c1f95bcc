import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { IngestRun } from '@ai-platform/plugin-cost-common';
import { CostClient } from './CostClient';
import {
  dailyReport,
  forecast,
  idleWaste,
  inferenceUsage,
  sharedLlmUsage,
} from '../__fixtures__/cost';

const baseUrl = 'http://localhost:7007/api/cost';
const groupRef = 'group:default/products';

const report = dailyReport({
  entityRef: groupRef,
  from: '2026-11-01',
  to: '2026-11-03',
  splitBy: 'childTeam',
  series: [
    {
      key: 'group:default/search-relevance',
      label: 'Search Relevance',
      amount: () => 10,
    },
  ],
});

const run: IngestRun = {
  id: 'run-1',
  source: 'upload',
  fileName: 'bill.csv.gz',
  status: 'refused',
  startedAt: '2026-11-22T10:00:00.000Z',
  finishedAt: '2026-11-22T10:00:01.000Z',
  rowsRead: 10,
  rowsIngested: 0,
  rowsRejected: 6,
  bytesRead: 900,
  totalBytes: 900,
  percent: 100,
  rowsPerSecond: 10,
  billingPeriods: [],
  focusVersion: '1.2',
  errorCount: 6,
  errors: [{ line: 3, column: 'BilledCost', reason: 'not a decimal number' }],
  message: '6 of 10 rows are bad, over the threshold of 1%',
};

describe('CostClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new CostClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: mockApis.fetch(),
  });

  it.each([
    [
      'getCosts',
      () =>
        client.getCosts({
          entityRef: groupRef,
          from: '2026-11-01',
          to: '2026-11-03',
          granularity: 'week',
          splitBy: 'childTeam',
        }),
      '/costs?entityRef=group%3Adefault%2Fproducts&from=2026-11-01&to=2026-11-03&granularity=week&splitBy=childTeam',
      report,
      report,
    ],
    [
      'getForecast',
      () => client.getForecast({ entityRef: groupRef }),
      '/forecast?entityRef=group%3Adefault%2Fproducts',
      forecast(groupRef),
      forecast(groupRef),
    ],
    [
      'getTopSpenders',
      () =>
        client.getTopSpenders({
          entityRef: groupRef,
          from: '2026-11-01',
          to: '2026-11-22',
          by: 'service',
          limit: 5,
        }),
      '/top-spenders?entityRef=group%3Adefault%2Fproducts&from=2026-11-01&to=2026-11-22&by=service&limit=5',
      { entityRef: groupRef, items: [] },
      { entityRef: groupRef, items: [] },
    ],
    [
      'getIdleWaste',
      () =>
        client.getIdleWaste({
          entityRef: groupRef,
          from: '2026-11-01',
          to: '2026-11-22',
        }),
      '/idle-waste?entityRef=group%3Adefault%2Fproducts&from=2026-11-01&to=2026-11-22',
      idleWaste({
        entityRef: groupRef,
        from: '2026-11-01',
        to: '2026-11-22',
        allocatedCost: 90,
        usedCost: 45,
      }),
      idleWaste({
        entityRef: groupRef,
        from: '2026-11-01',
        to: '2026-11-22',
        allocatedCost: 90,
        usedCost: 45,
      }),
    ],
    [
      'getInferenceUsage',
      () => client.getInferenceUsage({ groupRef, window: '7d' }),
      '/inference-usage?groupRef=group%3Adefault%2Fproducts&window=7d',
      inferenceUsage(groupRef, [sharedLlmUsage], {
        inputTokens: sharedLlmUsage.inputTokens,
        outputTokens: sharedLlmUsage.outputTokens,
        cost: sharedLlmUsage.cost,
      }),
      inferenceUsage(groupRef, [sharedLlmUsage], {
        inputTokens: sharedLlmUsage.inputTokens,
        outputTokens: sharedLlmUsage.outputTokens,
        cost: sharedLlmUsage.cost,
      }),
    ],
    [
      'getGroups',
      () => client.getGroups(),
      '/groups',
      { groups: [{ ref: groupRef }] },
      [{ ref: groupRef }],
    ],
    [
      'getBudgets',
      () => client.getBudgets({ entityRef: groupRef }),
      '/budgets?entityRef=group%3Adefault%2Fproducts',
      { budgets: [{ id: 'b1' }] },
      [{ id: 'b1' }],
    ],
    [
      'getIngestStatus',
      () => client.getIngestStatus({ limit: 5 }),
      '/ingest/status?limit=5',
      { runs: [run] },
      [run],
    ],
    [
      'getIngestRun',
      () => client.getIngestRun('run/1'),
      '/ingest/runs/run%2F1',
      run,
      run,
    ],
  ])(
    '%s sends the query and returns the body',
    async (_name, call, path, body, expected) => {
      let url = '';
      server.use(
        http.get(`${baseUrl}/*`, ({ request }) => {
          url = request.url;
          return HttpResponse.json(body);
        }),
      );
      await expect(call()).resolves.toEqual(expected);
      expect(url).toBe(`${baseUrl}${path}`);
    },
  );

  it('downloads the CSV export', async () => {
    let url = '';
    server.use(
      http.get(`${baseUrl}/costs/export.csv`, ({ request }) => {
        url = request.url;
        return new HttpResponse('date,key,label,amount,currency\n', {
          headers: { 'Content-Type': 'text/csv' },
        });
      }),
    );
    const blob = await client.exportCostsCsv({
      entityRef: groupRef,
      from: '2026-11-01',
      to: '2026-11-22',
    });
    expect(await blob.text()).toBe('date,key,label,amount,currency\n');
    expect(url).toBe(
      `${baseUrl}/costs/export.csv?entityRef=group%3Adefault%2Fproducts&from=2026-11-01&to=2026-11-22`,
    );
  });

  it('creates, updates and deletes budgets with JSON bodies', async () => {
    const calls: Array<[string, string, unknown]> = [];
    const record = async ({ request }: { request: Request }) => {
      const text = await request.text();
      calls.push([
        request.method,
        new URL(request.url).pathname,
        text ? JSON.parse(text) : undefined,
      ]);
      if (request.method === 'DELETE') {
        return new HttpResponse(null, { status: 204 });
      }
      return HttpResponse.json(
        { id: 'b1', groupRef, amount: 5000, currency: 'USD' },
        { status: request.method === 'POST' ? 201 : 200 },
      );
    };
    server.use(
      http.post(`${baseUrl}/budgets`, record),
      http.put(`${baseUrl}/budgets/:id`, record),
      http.delete(`${baseUrl}/budgets/:id`, record),
    );
    await expect(
      client.createBudget({ groupRef, amount: 5000 }),
    ).resolves.toMatchObject({ id: 'b1', amount: 5000 });
    await client.updateBudget('b1', { groupRef, amount: 6000 });
    await expect(client.deleteBudget('b1')).resolves.toBeUndefined();
    expect(calls).toEqual([
      ['POST', '/api/cost/budgets', { groupRef, amount: 5000 }],
      ['PUT', '/api/cost/budgets/b1', { groupRef, amount: 6000 }],
      ['DELETE', '/api/cost/budgets/b1', undefined],
    ]);
  });

  it.each([
    [AuthorizeResult.ALLOW, true],
    [AuthorizeResult.DENY, false],
  ])(
    "asks Backstage's permission API whether budgets may change (%s)",
    async (result, allowed) => {
      const authorize = jest.fn(async () => ({ result }));
      const withPermissions = new CostClient({
        discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
        fetchApi: mockApis.fetch(),
        permissionApi: { authorize } as any,
      });
      await expect(withPermissions.canManageBudget(groupRef)).resolves.toBe(
        allowed,
      );
      expect(authorize).toHaveBeenCalledWith({
        permission: expect.objectContaining({
          type: 'resource',
          name: 'cost.budget.manage',
          attributes: { action: 'update' },
          resourceType: 'cost-subject',
        }),
        resourceRef: groupRef,
      });
    },
  );

  it('lets nobody change budgets without a permission API', async () => {
    await expect(client.canManageBudget(groupRef)).resolves.toBe(false);
  });

  it('uploads a gzip file and returns a refused run with its reasons', async () => {
    let contentType: string | null = null;
    let size = 0;
    server.use(
      http.post(`${baseUrl}/ingest/upload`, async ({ request }) => {
        contentType = request.headers.get('content-type');
        size = (await request.arrayBuffer()).byteLength;
        expect(new URL(request.url).searchParams.get('fileName')).toBe(
          'bill.csv.gz',
        );
        return HttpResponse.json(run, { status: 422 });
      }),
    );
    const result = await client.uploadBillingFile({
      fileName: 'bill.csv.gz',
      file: new Blob([new Uint8Array([0x1f, 0x8b, 8, 0])]),
    });
    expect(result.status).toBe('refused');
    expect(result.errors[0]).toEqual({
      line: 3,
      column: 'BilledCost',
      reason: 'not a decimal number',
    });
    expect(contentType).toBe('application/gzip');
    expect(size).toBe(4);
  });

  it.each([
    [
      403,
      'NotAllowedError',
      'You are not allowed to read the costs of group:default/products',
    ],
    [400, 'InputError', 'to: must not be before from'],
    [404, 'NotFoundError', 'No budget b9'],
  ])(
    'throws a ResponseError with the backend message on %s',
    async (status, name, message) => {
      server.use(
        http.get(`${baseUrl}/costs`, () =>
          HttpResponse.json(
            { error: { name, message }, response: { statusCode: status } },
            { status },
          ),
        ),
      );
      const error = await client
        .getCosts({ entityRef: groupRef, from: '2026-11-02', to: '2026-11-01' })
        .catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(status);
      expect(error.cause.name).toBe(name);
      expect(error.cause.message).toBe(message);
    },
  );

  it('throws a ResponseError when the inference usage is refused', async () => {
    server.use(
      http.get(`${baseUrl}/inference-usage`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message:
                'Invalid query: groupRef: give exactly one of groupRef and entityRef',
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    const error = await client
      .getInferenceUsage({ groupRef, window: '24h' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(400);
    expect(error.cause.message).toBe(
      'Invalid query: groupRef: give exactly one of groupRef and entityRef',
    );
  });

  it('throws a ResponseError when an upload fails for another reason', async () => {
    server.use(
      http.post(`${baseUrl}/ingest/upload`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'cost.ingest denied' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    const error = await client
      .uploadBillingFile({ fileName: 'bill.csv', file: new Blob(['a']) })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
  });
});
