import { gzipSync } from 'node:zlib';
import {
  createTestDatabases,
  RefusalChecker,
  HostileBody,
  hostileBody,
  hostileQuery,
  hostileSegment,
  focusCsv,
  focusTestRow,
  routesOf,
} from '@ai-platform/test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import fc from 'fast-check';
import { Knex } from 'knex';
import request from 'supertest';
import { users } from '../__fixtures__/entities';
import {
  as,
  startTestCostBackend,
} from '../__testUtils__/startTestCostBackend';
import { createRouter } from './createRouter';
import { CostServices } from './types';
import {
  demoRateCard,
  demoServingServers,
} from '../__fixtures__/servingServers';
import { servingGpuMetricsBackend } from '../__testUtils__/servingGpuMetricsBackend';

jest.setTimeout(600_000);

/** Generated requests per route (FUZZ_RUNS overrides, e.g. for a long run). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

const databases = createTestDatabases();

const REFS = [
  'group:default/products',
  'group:default/search-relevance',
  'group:default/acme',
  'Group:Default/Products',
  'component:default/search-ranker-training',
  'user:default/sam',
  'group:default/nobody',
];
const DAYS = [
  '2024-09-01',
  '2024-09-30',
  '2024-02-30',
  '1900-01-01',
  '9999-12-31',
];
const NEAR = [
  ...REFS,
  ...DAYS,
  'day',
  'week',
  'month',
  'service',
  'childTeam',
  'entity',
  'team',
  'billed',
  'effective',
  '1',
  '100',
  '101',
  'sept.csv',
];
const UUIDS = [
  '00000000-0000-4000-8000-000000000000',
  'not-a-uuid',
  '00000000-0000-4000-8000-00000000000Z',
];

const uploadBody = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }).map(b => Buffer.from(b)),
  fc
    .string({ unit: 'grapheme', maxLength: 500 })
    .map(text => Buffer.from(`BilledCost,ServiceName\n${text}`)),
  fc
    .array(
      fc.record({
        BilledCost: fc.oneof(fc.double().map(String), fc.string()),
        ServiceName: fc.string({ maxLength: 20 }),
        Tags: fc.string({ maxLength: 30 }),
      }),
      { maxLength: 5 },
    )
    .map(rows => Buffer.from(focusCsv(rows.map(r => focusTestRow(r))))),
  fc.uint8Array({ maxLength: 512 }).map(b => gzipSync(Buffer.from(b))),
);

const budgetBody = hostileBody({
  groupRef: fc.constantFrom(...REFS),
  amount: fc.oneof(fc.double(), fc.integer(), fc.constant(1e13)),
  currency: fc.constantFrom('USD', 'EUR', 'usd', 'US'),
});

interface FuzzRoute {
  method: 'get' | 'post' | 'put' | 'delete';
  /** The route as the router declares it. */
  path: string;
  query: fc.Arbitrary<string>;
  segment?: fc.Arbitrary<string>;
  body?: fc.Arbitrary<HostileBody>;
  upload?: boolean;
}

const VALID_RANGE = {
  entityRef: 'group:default/products',
  from: '2024-09-01',
  to: '2024-09-30',
};
const rangeQuery = (extra: string[], valid: Record<string, string> = {}) =>
  hostileQuery(['entityRef', 'from', 'to', ...extra], NEAR, {
    ...VALID_RANGE,
    ...valid,
  });

const ROUTES: FuzzRoute[] = [
  {
    method: 'get',
    path: '/costs',
    query: rangeQuery(['granularity', 'splitBy', 'metric'], {
      splitBy: 'service',
    }),
  },
  {
    method: 'get',
    path: '/costs/export.csv',
    query: rangeQuery(['granularity', 'splitBy', 'metric'], {
      splitBy: 'service',
    }),
  },
  {
    method: 'get',
    path: '/forecast',
    query: hostileQuery(['entityRef', 'metric'], NEAR, {
      entityRef: VALID_RANGE.entityRef,
    }),
  },
  {
    method: 'get',
    path: '/top-spenders',
    query: rangeQuery(['by', 'limit', 'metric']),
  },
  { method: 'get', path: '/idle-waste', query: rangeQuery([]) },
  {
    method: 'get',
    path: '/serving-costs',
    query: hostileQuery(['entityRef', 'window'], [...NEAR, '24h', '7d'], {
      entityRef: 'component:default/shared-llm-inference',
      window: '24h',
    }),
  },
  {
    method: 'get',
    path: '/serving-costs/models',
    query: hostileQuery(['window'], [...NEAR, '1h', '30d'], { window: '1h' }),
  },
  {
    method: 'get',
    path: '/inference-usage',
    query: hostileQuery(['groupRef', 'entityRef', 'window'], NEAR, {
      groupRef: VALID_RANGE.entityRef,
    }),
  },
  {
    method: 'get',
    path: '/groups',
    query: hostileQuery(['entityRef'], NEAR, {}),
  },
  {
    method: 'get',
    path: '/budgets',
    query: hostileQuery(['entityRef'], NEAR, {}),
  },
  {
    method: 'post',
    path: '/budgets',
    query: hostileQuery(['x'], NEAR),
    body: budgetBody,
  },
  {
    method: 'put',
    path: '/budgets/:id',
    query: hostileQuery(['x'], NEAR),
    segment: hostileSegment(UUIDS),
    body: budgetBody,
  },
  {
    method: 'delete',
    path: '/budgets/:id',
    query: hostileQuery(['x'], NEAR),
    segment: hostileSegment(UUIDS),
  },
  {
    method: 'get',
    path: '/kubernetes/focus.csv',
    query: hostileQuery(['from', 'to'], NEAR, {
      from: VALID_RANGE.from,
      to: VALID_RANGE.to,
    }),
  },
  {
    method: 'get',
    path: '/line-items',
    query: rangeQuery(['service', 'subAccount', 'provider', 'limit', 'after'], {
      limit: '5',
    }),
  },
  {
    method: 'get',
    path: '/line-items/export.csv',
    query: rangeQuery(['service', 'subAccount', 'provider']),
  },
  {
    method: 'post',
    path: '/ingest/upload',
    query: hostileQuery(['fileName'], NEAR, { fileName: 'fuzz.csv' }),
    upload: true,
  },
  { method: 'post', path: '/ingest/scan', query: hostileQuery(['x'], NEAR) },
  {
    method: 'get',
    path: '/ingest/status',
    query: hostileQuery(['limit'], NEAR, { limit: '5' }),
  },
  {
    method: 'get',
    path: '/ingest/runs/:id',
    query: hostileQuery(['x'], NEAR),
    segment: hostileSegment(UUIDS),
  },
];

/** The routes the router declares, as `METHOD /path`. */
async function declaredRoutes(): Promise<string[]> {
  const router = await createRouter({
    // Never called: only the route table is read.
    services: {} as CostServices,
    httpAuth: mockServices.httpAuth(),
  });
  return routesOf(router);
}

it('fuzzes every route the router declares', async () => {
  expect(ROUTES.map(r => `${r.method.toUpperCase()} ${r.path}`).sort()).toEqual(
    await declaredRoutes(),
  );
});

describe.each(databases.eachSupportedId())(
  'cost routes with hostile input on %p',
  databaseId => {
    let server: Awaited<ReturnType<typeof startTestCostBackend>>['server'];
    let knex: Knex;
    let checker: RefusalChecker;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      ({ server } = await startTestCostBackend({
        knex,
        config: {
          cost: {
            admins: ['group:default/finance'],
            gpu: { rateCard: demoRateCard },
          },
        },
        features: [
          servingGpuMetricsBackend({ servers: () => demoServingServers() })
            .plugin,
        ],
      }));
      const seed = await request(server)
        .post('/api/cost/ingest/upload?fileName=seed.csv')
        .set(...as(users.fin))
        .set('Content-Type', 'text/csv')
        .send(
          focusCsv([
            focusTestRow({ BilledCost: '100' }),
            focusTestRow({ BilledCost: '-20', ServiceName: 'Credit' }),
          ]),
        );
      if (seed.status !== 200) throw new Error(`seed upload: ${seed.text}`);
      const budget = await request(server)
        .post('/api/cost/budgets')
        .set(...as(users.fin))
        .send({ groupRef: 'group:default/search-relevance', amount: 500 });
      if (budget.status !== 201) throw new Error(`seed budget: ${budget.text}`);
      checker = await RefusalChecker.start(knex);
    });

    it.each(
      ROUTES.map(r => [`${r.method.toUpperCase()} ${r.path}`, r] as const),
    )(
      '%s never answers 5xx and changes nothing when it refuses',
      async (_name, route) => {
        const statuses: number[] = [];
        await fc.assert(
          fc.asyncProperty(
            route.query,
            route.segment ?? fc.constant(''),
            route.body ?? fc.constant(undefined),
            route.upload ? uploadBody : fc.constant(undefined),
            async (query, segment, body, upload) => {
              const path = route.path.replace(':id', segment);
              let req = request(server)
                [route.method](`/api/cost${path}?${query}`)
                .set(...as(users.fin));
              if (body?.kind === 'json') {
                req = req
                  .set('Content-Type', 'application/json')
                  .send(JSON.stringify(body.value) ?? 'null');
              } else if (body?.kind === 'text') {
                req = req.set('Content-Type', body.contentType).send(body.text);
              } else if (upload) {
                req = req
                  .set('Content-Type', 'application/octet-stream')
                  .send(upload);
              }
              const res = await req;
              statuses.push(res.status);
              const problem = await checker.problemWith(res);
              if (problem) {
                throw new Error(
                  `${route.method.toUpperCase()} ${path}?${query} answered ${
                    res.status
                  }: ${problem}; ${res.text.slice(0, 300)}`,
                );
              }
            },
          ),
          { numRuns: RUNS },
        );
        expect(statuses).toHaveLength(RUNS);
        if (process.env.FUZZ_REPORT) {
          process.stdout.write(
            `${route.method} ${route.path}: ${JSON.stringify(
              statuses.reduce<Record<number, number>>(
                (n, s) => ({ ...n, [s]: (n[s] ?? 0) + 1 }),
                {},
              ),
            )}\n`,
          );
        }
      },
    );
  },
);
