import { mockServices } from '@backstage/backend-test-utils';
import { ClusterSim, startClusterSim } from '@ai-platform/cluster-sim';
import {
  createTestDatabases,
  RefusalChecker,
  HostileBody,
  hostileBody,
  hostileQuery,
  hostileSegment,
  routesOf,
} from '@ai-platform/test-utils';
import fc from 'fast-check';
import { Knex } from 'knex';
import request from 'supertest';
import {
  APPROVER,
  as,
  startTestComplianceBackend,
} from './__testUtils__/startTestComplianceBackend';
import { createRouter } from './router';
import { ComplianceServices } from './service/types';

jest.setTimeout(600_000);

/** Generated requests per route (FUZZ_RUNS overrides, e.g. for a long run). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

const databases = createTestDatabases();
const API = '/api/compliance';

const NEAR = [
  'component:default/assistant-api',
  'component:default/vision-embedding-service',
  'Component:Default/Assistant-API',
  'group:default/products',
  'group:default/platform-engineering',
  'system:default/product-search',
  'assistant-api',
  'soc2',
  'hipaa',
  'CC6.6',
  '164.312(e)(1)',
  'csv',
  'json',
  '30',
  '366',
  '367',
];

interface FuzzRoute {
  method: 'get' | 'post' | 'delete';
  /** The route as the router declares it. */
  path: string;
  query: fc.Arbitrary<string>;
  segment?: fc.Arbitrary<string>;
  body?: fc.Arbitrary<HostileBody>;
  runs?: number;
}

const frameworkSegment = hostileSegment(['soc2', 'hipaa', 'iso27001', 'nope']);

const ROUTES: FuzzRoute[] = [
  { method: 'get', path: '/frameworks', query: hostileQuery(['x'], NEAR, {}) },
  {
    method: 'get',
    path: '/entity',
    query: hostileQuery(['entityRef'], NEAR, {
      entityRef: 'component:default/assistant-api',
    }),
  },
  {
    method: 'get',
    path: '/subject',
    query: hostileQuery(['subjectRef'], NEAR, {
      subjectRef: 'group:default/products',
    }),
  },
  {
    method: 'get',
    path: '/heatmap',
    query: hostileQuery(['group'], NEAR, { group: 'group:default/products' }),
  },
  {
    method: 'get',
    path: '/history',
    query: hostileQuery(['subjectRef', 'days'], NEAR, {
      subjectRef: 'group:default/products',
      days: '30',
    }),
  },
  {
    method: 'get',
    path: '/frameworks/:frameworkId/matrix',
    query: hostileQuery(['x'], NEAR, {}),
    segment: frameworkSegment,
  },
  {
    method: 'get',
    path: '/frameworks/:frameworkId/evidence',
    query: hostileQuery(['control', 'team', 'entityRef', 'format'], NEAR, {
      control: 'CC6.6',
      format: 'csv',
    }),
    segment: frameworkSegment,
  },
  {
    method: 'post',
    path: '/waivers',
    query: hostileQuery(['x'], NEAR),
    body: hostileBody({
      entityRef: fc.constantFrom(...NEAR),
      checkId: fc.constantFrom(
        'k8s-default-deny-network-policy',
        'k8s-no-cluster-admin-team',
        'nope',
      ),
      justification: fc.constantFrom(
        'The mesh restricts ingress until the CNI migration',
        'short',
        ' '.repeat(20),
      ),
      expiresAt: fc.constantFrom(
        new Date(Date.now() + 7 * 86_400_000).toISOString(),
        '2000-01-01T00:00:00Z',
        '9999-12-31T23:59:59Z',
        'tomorrow',
      ),
    }),
  },
  {
    method: 'delete',
    path: '/waivers/:id',
    query: hostileQuery(['x'], NEAR, {}),
    segment: hostileSegment(['00000000-0000-4000-8000-000000000000']),
  },
  {
    method: 'post',
    path: '/evaluations',
    query: hostileQuery(['x'], NEAR),
    body: hostileBody({ x: fc.constant(1) }),
    // A valid request runs a full evaluation: fewer of them.
    runs: Math.ceil(RUNS / 3),
  },
  {
    method: 'post',
    path: '/entity/evaluations',
    query: hostileQuery(['x'], NEAR),
    body: hostileBody({ entityRef: fc.constantFrom(...NEAR) }),
  },
];

/** The routes the router declares, as `METHOD /path`. */
async function declaredRoutes(): Promise<string[]> {
  const router = await createRouter({
    // Never called: only the route table is read.
    services: {} as ComplianceServices,
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
  'compliance routes with hostile input on %p',
  databaseId => {
    let sim: ClusterSim;
    let server: Awaited<
      ReturnType<typeof startTestComplianceBackend>
    >['server'];
    let knex: Knex;
    let checker: RefusalChecker;

    beforeAll(async () => {
      sim = await startClusterSim({ metrics: false });
      knex = await databases.init(databaseId);
      ({ server } = await startTestComplianceBackend({ knex, sim }));
      const run = await request(server)
        .post(`${API}/evaluations`)
        .set(...as(APPROVER));
      if (run.status !== 200) throw new Error(`seed evaluation: ${run.text}`);
      checker = await RefusalChecker.start(knex);
    });

    afterAll(async () => {
      await sim?.stop();
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
            async (query, segment, body) => {
              const path = route.path.replace(/:[a-zA-Z]+/, segment);
              let req = request(server)
                [route.method](`${API}${path}?${query}`)
                .set(...as(APPROVER));
              if (body?.kind === 'json') {
                req = req
                  .set('Content-Type', 'application/json')
                  .send(JSON.stringify(body.value) ?? 'null');
              } else if (body?.kind === 'text') {
                req = req.set('Content-Type', body.contentType).send(body.text);
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
          { numRuns: route.runs ?? RUNS },
        );
        expect(statuses).toHaveLength(route.runs ?? RUNS);
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
