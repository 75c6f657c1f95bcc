import { resolve } from 'node:path';
import { contractOf, createTestDatabases } from '@ai-platform/test-utils';
import request from 'supertest';
import { users } from '../__fixtures__/entities';
import {
  demoRateCard,
  demoServingServers,
} from '../__fixtures__/servingServers';
import {
  as,
  startTestCostBackend,
} from '../__testUtils__/startTestCostBackend';
import { servingGpuMetricsBackend } from '../__testUtils__/servingGpuMetricsBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const BASE = '/api/cost';
const SHARED = 'component:default/shared-llm-inference';

describe.each(databases.eachSupportedId())(
  'serving cost routes, on %p',
  databaseId => {
    let server: Awaited<ReturnType<typeof startTestCostBackend>>['server'];
    let auditEvents: Awaited<
      ReturnType<typeof startTestCostBackend>
    >['auditEvents'];
    let contract: Awaited<ReturnType<typeof contractOf>>;
    const gpuMetrics = servingGpuMetricsBackend({
      servers: () => demoServingServers(),
    });
    const get = (path: string, user = users.guest) =>
      request(server)
        .get(`${BASE}${path}`)
        .set(...as(user));

    beforeAll(async () => {
      contract = await contractOf(
        resolve(__dirname, '../schema/openapi.yaml'),
        BASE,
      );
      const knex = await databases.init(databaseId);
      ({ server, auditEvents } = await startTestCostBackend({
        knex,
        config: {
          cost: {
            admins: ['group:default/finance'],
            gpu: { rateCard: demoRateCard },
          },
        },
        features: [gpuMetrics.plugin],
      }));
    });

    afterAll(async () => {
      await server?.stop();
    });

    it('prices a server per 1M tokens and splits it among its callers to the nano-unit', async () => {
      // guest is in ml-platform, which owns the server.
      const res = await get(`/serving-costs?entityRef=${SHARED}&window=24h`);
      expect(res.status).toBe(200);
      expect(contract.responseErrors(res)).toEqual([]);
      expect(res.body).toMatchObject({
        entityRef: SHARED,
        window: '24h',
        currency: 'USD',
        gpuCost: '432',
        usedGpuCost: '216',
        inputTokens: 120_000_000,
        outputTokens: 30_000_000,
        costPerMillionInputTokens: '0.9',
        costPerMillionOutputTokens: '10.8',
        consumersVisible: true,
        errors: [],
      });
      expect(res.body.method).toMatch(/prefill time/);
      expect(res.body.consumers.map((c: any) => [c.caller, c.cost])).toEqual([
        ['assistant-api', '194.4'],
        ['search-ranker-training', '108'],
        ['someone-else', '64.8'],
      ]);
      expect(res.body.unattributed).toEqual({
        inputTokens: 18_000_000,
        outputTokens: 4_500_000,
        cost: '64.8',
      });
      // The cost backend asked with its own service token.
      expect(gpuMetrics.requests.at(-1)).toMatchObject({
        path: '/serving',
        query: { entityRef: SHARED, window: '24h' },
        principal: 'plugin:cost',
      });
      expect(auditEvents.map(e => e.eventId)).toContain('serving-costs-read');
    });

    it('shows unit prices but not the consumers to a signed-in user without cost.read', async () => {
      const res = await get(`/serving-costs?entityRef=${SHARED}`, users.sam);
      expect(res.status).toBe(200);
      expect(contract.responseErrors(res)).toEqual([]);
      expect(res.body).toMatchObject({
        window: '24h',
        costPerMillionInputTokens: '0.9',
        consumersVisible: false,
        consumers: [],
      });
    });

    it('lists every server’s unit prices, most expensive first, MIG priced as its share', async () => {
      const res = await get('/serving-costs/models?window=7d', users.sam);
      expect(res.status).toBe(200);
      expect(contract.responseErrors(res)).toEqual([]);
      expect(
        res.body.servers.map((s: any) => [s.serverAddress, s.gpuCost]),
      ).toEqual([
        ['shared-llm-inference.ml-platform.svc', '432'],
        // 48 instance-hours × 3/7 × 4.5
        ['assistant-api.conversational-ai.svc', '92.571428571'],
      ]);
      expect(res.body.servers[1].costPerMillionInputTokens).toBeNull();
      expect(gpuMetrics.requests.at(-1)).toMatchObject({
        path: '/serving/servers',
        query: { window: '7d' },
      });
    });

    it.each([
      [users.sam, 'groupRef=group:default/search-relevance', '108', 30_000_000],
      [users.pat, 'groupRef=group:default/products', '302.4', 84_000_000],
      [
        users.guest,
        'entityRef=component:default/assistant-api',
        '194.4',
        54_000_000,
      ],
    ])(
      'answers the inference %s used (%s)',
      async (user, subject, cost, inputTokens) => {
        const res = await get(`/inference-usage?${subject}&window=24h`, user);
        expect(res.status).toBe(200);
        expect(contract.responseErrors(res)).toEqual([]);
        expect(res.body.total).toMatchObject({ cost, inputTokens });
        expect(res.body.items).toEqual([
          expect.objectContaining({
            serverEntityRef: SHARED,
            models: ['meta-llama/Llama-3.1-70B-Instruct'],
            cost,
          }),
        ]);
      },
    );

    it('refuses inference usage of a team the caller may not read, and audits it', async () => {
      const res = await get(
        '/inference-usage?groupRef=group:default/conversational-ai',
        users.sam,
      );
      expect(res.status).toBe(403);
      expect(contract.responseErrors(res)).toEqual([]);
      // The refusal is audited as a failed read.
      expect(
        auditEvents.filter(e => e.eventId === 'inference-usage-read').at(-1),
      ).toMatchObject({ status: 'failed' });
    });

    it.each([
      ['/serving-costs?entityRef=not a ref', /entityRef/],
      ['/serving-costs?entityRef=component:default/x&window=2d', /window/],
      ['/inference-usage?window=24h', /groupRef/],
      [
        '/inference-usage?groupRef=group:default/products&entityRef=component:default/x',
        /exactly one/,
      ],
      ['/inference-usage?groupRef=component:default/x', /groupRef/],
      ['/serving-costs/models?window=24h&day=2026-01-01', /day/],
    ])('answers %s with a 400 naming the field', async (path, message) => {
      const res = await get(path);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    });

    it('answers 404 for an entity the gpu-metrics backend does not know', async () => {
      const res = await get(
        '/serving-costs?entityRef=component:default/missing',
      );
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(/component:default\/missing/);
    });

    it('answers 404 for a group the catalog does not have', async () => {
      const res = await get(
        '/inference-usage?groupRef=group:default/nobody',
        users.fin,
      );
      expect(res.status).toBe(404);
    });

    it('answers 401 without a token', async () => {
      const res = await request(server).get(`${BASE}/serving-costs/models`);
      expect(res.status).toBe(401);
    });
  },
);
