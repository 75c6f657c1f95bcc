import SwaggerParser from '@apidevtools/swagger-parser';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Knex } from 'knex';
import request from 'supertest';
import { users } from '../__fixtures__/entities';
import {
  as,
  startTestCostBackend,
} from '../__testUtils__/startTestCostBackend';
import {
  createTestDatabases,
  contractOf,
  documentedOperations,
  registeredOperations,
  focusCsv,
  focusTestRow,
} from '@ai-platform/test-utils';

const SPEC = resolve(__dirname, 'openapi.yaml');
const BASE = '/api/cost';
const RANGE = 'from=2024-09-01&to=2024-09-30';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const tags = (team: string, component?: string) =>
  JSON.stringify({
    'ai-platform.io/team': team,
    ...(component ? { 'backstage.io/entity-ref': component } : {}),
  });

const billing = focusCsv([
  focusTestRow({
    BilledCost: '100',
    Tags: tags('search-relevance', 'search-ranker-training'),
  }),
  focusTestRow({
    BilledCost: '40',
    ServiceName: 'Amazon S3',
    Tags: tags('search-relevance'),
  }),
  focusTestRow({
    BilledCost: '60',
    ProviderName: 'Microsoft',
    ServiceName: 'Virtual Machines',
    Tags: tags('conversational-ai', 'assistant-api'),
  }),
]);

/** A day of Kubernetes GPU allocation, as the cost job records it. */
const gpuDay = (day: string, used: number) => ({
  day,
  cluster: 'gpu-prod',
  entity_ref: 'component:default/search-ranker-training',
  team: 'group:default/search-relevance',
  gpu_class: 'h100',
  grant_id: '11111111-1111-4111-8111-111111111111',
  gpu_hours_allocated: 48,
  gpu_hours_used: used,
  hourly_rate_nanos: '4500000000',
  allocated_cost_nanos: String(48n * 4_500_000_000n),
  used_cost_nanos: String(BigInt(used) * 4_500_000_000n),
  currency: 'USD',
});

describe('the cost OpenAPI document', () => {
  it('is a valid OpenAPI 3.0 document', async () => {
    const api = await SwaggerParser.validate(SPEC);
    expect(api).toHaveProperty('openapi', '3.0.3');
  });

  it('gives every operation a PascalCase operationId, once', async () => {
    const { document } = await contractOf(SPEC, BASE);
    const ids = Object.values(document.paths).flatMap(item =>
      Object.values(item).map(
        op => (op as { operationId?: string }).operationId,
      ),
    );
    expect(ids.every(id => /^[A-Z][A-Za-z]+$/.test(id ?? ''))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe.each(databases.eachSupportedId())(
  'the cost router against its OpenAPI document on %p',
  databaseId => {
    let contract: Awaited<ReturnType<typeof contractOf>>;
    let server: Awaited<ReturnType<typeof startTestCostBackend>>['server'];
    let knex: Knex;
    let folder: string;
    let uploadedRunId: string;

    const get = (path: string, user: string = users.fin) =>
      request(server)
        .get(`${BASE}${path}`)
        .set(...as(user));
    const send = (method: 'post' | 'put' | 'delete', path: string) =>
      request(server)
        [method](`${BASE}${path}`)
        .set(...as(users.fin));

    beforeAll(async () => {
      contract = await contractOf(SPEC, BASE);
      knex = await databases.init(databaseId);
      folder = mkdtempSync(join(tmpdir(), 'cost-openapi-'));
      ({ server } = await startTestCostBackend({
        knex,
        config: {
          cost: {
            admins: ['group:default/finance'],
            ingest: { folders: [folder], maxUploadBytes: 64 * 1024 },
          },
        },
      }));
      const upload = await send('post', '/ingest/upload?fileName=sept.csv.gz')
        .set('Content-Type', 'application/gzip')
        .send(gzipSync(Buffer.from(billing)));
      if (upload.status !== 200) {
        throw new Error(`seed upload failed: ${JSON.stringify(upload.body)}`);
      }
      uploadedRunId = upload.body.id;
      // Two days of Kubernetes GPU allocation, as the cost job records them.
      await knex('cost_gpu_daily').insert([
        gpuDay('2024-09-03', 12),
        gpuDay('2024-09-04', 30),
      ]);
    });

    afterAll(async () => {
      await server?.stop();
      rmSync(folder, { recursive: true, force: true });
    });

    it('registers exactly the documented routes', () => {
      expect(registeredOperations(server, BASE)).toEqual(
        documentedOperations(contract.document),
      );
    });

    it.each([
      `/costs?entityRef=group:default/products&${RANGE}&splitBy=service&granularity=week`,
      `/costs?entityRef=component:default/assistant-api&${RANGE}&metric=effective`,
      '/forecast?entityRef=group:default/products',
      `/top-spenders?entityRef=group:default/acme&${RANGE}&by=entity`,
      '/groups',
      '/budgets',
      '/ingest/status?limit=5',
      `/line-items?entityRef=group:default/products&${RANGE}&limit=1`,
      `/line-items?entityRef=component:default/assistant-api&${RANGE}&service=Virtual%20Machines`,
    ])('answers GET %s as documented', async path => {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(contract.responseErrors(res)).toEqual([]);
    });

    it('answers idle waste with its items and daily points as documented', async () => {
      const res = await get(
        `/idle-waste?entityRef=group:default/search-relevance&${RANGE}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.points).toHaveLength(30);
      expect(contract.responseErrors(res)).toEqual([]);
    });

    it('answers GET /ingest/runs/{id} as documented', async () => {
      const res = await get(`/ingest/runs/${uploadedRunId}`);
      expect(res.status).toBe(200);
      expect(contract.responseErrors(res)).toEqual([]);
    });

    it.each([
      `/costs/export.csv?entityRef=group:default/products&${RANGE}&splitBy=provider`,
      `/kubernetes/focus.csv?${RANGE}`,
      `/line-items/export.csv?entityRef=group:default/products&${RANGE}`,
    ])('answers GET %s with a documented CSV download', async path => {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename=".+\.csv"$/,
      );
      expect(res.text.split('\r\n').length).toBeGreaterThan(2);
      expect(contract.responseErrors(res)).toEqual([]);
    });

    it('documents the budget lifecycle', async () => {
      const created = await send('post', '/budgets').send({
        groupRef: 'group:default/products',
        amount: 500,
      });
      expect(created.status).toBe(201);
      expect(contract.responseErrors(created)).toEqual([]);

      const duplicate = await send('post', '/budgets').send({
        groupRef: 'group:default/products',
        amount: 600,
      });
      expect(duplicate.status).toBe(409);
      expect(contract.responseErrors(duplicate)).toEqual([]);

      const updated = await send('put', `/budgets/${created.body.id}`).send({
        groupRef: 'group:default/products',
        amount: 700,
        currency: 'EUR',
      });
      expect(updated.status).toBe(200);
      expect(contract.responseErrors(updated)).toEqual([]);

      const listed = await get('/budgets?entityRef=group:default/acme');
      expect(listed.body.budgets).toHaveLength(1);
      expect(contract.responseErrors(listed)).toEqual([]);

      const forecast = await get('/forecast?entityRef=group:default/products');
      expect(forecast.body.budget).toBe(700);
      expect(contract.responseErrors(forecast)).toEqual([]);

      const removed = await send('delete', `/budgets/${created.body.id}`);
      expect(removed.status).toBe(204);
      expect(contract.responseErrors(removed)).toEqual([]);

      const missing = await send('delete', `/budgets/${created.body.id}`);
      expect(missing.status).toBe(404);
      expect(contract.responseErrors(missing)).toEqual([]);
    });

    it('documents a successful upload', async () => {
      const res = await send('post', '/ingest/upload?fileName=sept-again.csv')
        .set('Content-Type', 'text/csv')
        .send(billing);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('succeeded');
      expect(contract.responseErrors(res)).toEqual([]);
    });

    it('documents a refused upload as a 422 with its run', async () => {
      const res = await send('post', '/ingest/upload?fileName=bad.csv')
        .set('Content-Type', 'text/csv')
        .send('BilledCost,BillingCurrency\r\n12,5x,USD\r\n');
      expect(res.status).toBe(422);
      expect(res.body.status).toBe('refused');
      expect(contract.responseErrors(res)).toEqual([]);
    });

    it('documents an upload over the limit as a 413', async () => {
      const res = await send('post', '/ingest/upload?fileName=big.csv')
        .set('Content-Type', 'text/csv')
        .send('x'.repeat(65 * 1024));
      expect(res.status).toBe(413);
      expect(contract.responseErrors(res)).toEqual([]);
    });

    it('documents a folder scan', async () => {
      writeFileSync(join(folder, 'august.csv'), billing);
      const res = await send('post', '/ingest/scan');
      expect(res.status).toBe(200);
      expect(res.body.runs).toHaveLength(1);
      expect(contract.responseErrors(res)).toEqual([]);
    });

    it.each([
      [
        400,
        `/costs?entityRef=group:default/products&${RANGE}&bogus=1`,
        users.fin,
      ],
      [403, '/ingest/status', users.sam],
      [
        400,
        `/line-items?entityRef=group:default/products&${RANGE}&after=bogus`,
        users.fin,
      ],
      [403, `/line-items?entityRef=group:default/products&${RANGE}`, users.sam],
      [
        403,
        `/line-items/export.csv?entityRef=group:default/products&${RANGE}`,
        users.sam,
      ],
      [404, `/costs?entityRef=group:default/nope&${RANGE}`, users.fin],
      [404, '/ingest/runs/00000000-0000-4000-8000-000000000000', users.fin],
    ])('answers %s as documented (GET %s)', async (status, path, user) => {
      const res = await get(path, user);
      expect(res.status).toBe(status);
      expect(contract.responseErrors(res)).toEqual([]);
    });

    it('answers 401 as documented', async () => {
      const res = await request(server).get(`${BASE}/groups`);
      expect(res.status).toBe(401);
      expect(contract.responseErrors(res)).toEqual([]);
    });
  },
);
