import SwaggerParser from '@apidevtools/swagger-parser';
import { resolve } from 'node:path';
import request from 'supertest';
import { testUsers } from '../__fixtures__/entities';
import { TestFleet, startTestFleet } from '../__testUtils__/startTestFleet';
import {
  as,
  startTestGpuMetricsBackend,
} from '../__testUtils__/startTestGpuMetricsBackend';
import {
  contractOf,
  documentedOperations,
  registeredOperations,
} from '@ai-platform/test-utils';

const SPEC = resolve(__dirname, 'openapi.yaml');
const BASE = '/api/gpu-metrics';

jest.setTimeout(120_000);

type Contract = Awaited<ReturnType<typeof contractOf>>;
type Server = Awaited<ReturnType<typeof startTestGpuMetricsBackend>>['server'];

describe('the gpu-metrics OpenAPI document', () => {
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

describe('the gpu-metrics router against its OpenAPI document', () => {
  let contract: Contract;
  let server: Server;

  beforeAll(async () => {
    contract = await contractOf(SPEC, BASE);
    // No Prometheus: answers without GPUs, but with the cap and the
    // malformed annotations of the test organisation in the group roll-up.
    ({ server } = await startTestGpuMetricsBackend({
      config: { gpuMetrics: { prometheus: [], maxEntitiesPerGroup: 1 } },
    }));
  });

  afterAll(async () => {
    await server?.stop();
  });

  const get = (path: string, user: string = testUsers.viewer) =>
    request(server)
      .get(`${BASE}${path}`)
      .set(...as(user));

  it('registers exactly the documented routes', () => {
    expect(registeredOperations(server, BASE)).toEqual(
      documentedOperations(contract.document),
    );
  });

  it.each([
    '/entity?entityRef=component:default/no-kubernetes',
    '/group?groupRef=group:default/ml-org&window=7d',
    '/fleet?window=1h',
    '/fleet/heatmap?window=1h',
    '/serving?entityRef=component:default/no-kubernetes&window=1h',
    '/serving/servers?window=1h',
    `/serving/servers?day=${new Date(Date.now() - 86400_000)
      .toISOString()
      .slice(0, 10)}`,
  ])('answers GET %s as documented', async path => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(contract.responseErrors(res)).toEqual([]);
  });

  it('documents the truncated, partly skipped group roll-up', async () => {
    const res = await get('/group?groupRef=group:default/search-relevance');
    expect(res.body.truncated).not.toBeNull();
    expect(res.body.entityErrors.length).toBeGreaterThan(0);
    expect(contract.responseErrors(res)).toEqual([]);
  });

  it.each([
    [400, '/fleet?window=forever', testUsers.viewer],
    [400, '/entity?entityRef=component:default/hostile-id', testUsers.other],
    [403, '/fleet', testUsers.member],
    [404, '/group?groupRef=group:default/unknown', testUsers.viewer],
    [400, '/serving/servers?window=1h&day=2026-01-01', testUsers.viewer],
    [400, '/namespace-usage?cluster=nowhere&namespace=ml', testUsers.viewer],
    [403, '/serving/servers', testUsers.member],
    [403, '/namespace-usage?cluster=c&namespace=n', testUsers.member],
    [
      403,
      '/serving?entityRef=component:default/assistant-api',
      testUsers.other,
    ],
  ])('answers %s as documented (GET %s)', async (status, path, user) => {
    const res = await get(path, user);
    expect(res.status).toBe(status);
    expect(contract.responseErrors(res)).toEqual([]);
  });

  it('answers 401 as documented', async () => {
    const res = await request(server).get(`${BASE}/fleet`);
    expect(res.status).toBe(401);
    expect(contract.responseErrors(res)).toEqual([]);
  });

  it('serves its OpenAPI document', async () => {
    const res = await get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.0.3');
    expect(Object.keys(res.body.paths)).toContain(
      '/api/gpu-metrics/fleet/heatmap',
    );
  });

  it('checks every request against the document', async () => {
    // The query parses (zod drops unknown keys); the document's validator
    // then refuses the parameter it does not list.
    const res = await get('/fleet?window=1h&bogus=1');
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain('bogus');
    expect(contract.responseErrors(res)).toEqual([]);
  });

  it('finds what the document does not say', async () => {
    const res = await get('/fleet?window=1h');
    expect(
      contract.responseErrors({ ...res, body: { clusters: [], idle: [] } }),
    ).not.toEqual([]);
    expect(contract.responseErrors({ ...res, status: 418 })).toEqual([
      '418 is not documented for get /fleet',
    ]);
  });
});

describe('gpu-metrics responses over a real Prometheus against the OpenAPI document', () => {
  let contract: Contract;
  let fleet: TestFleet;
  let server: Server;

  beforeAll(async () => {
    contract = await contractOf(SPEC, BASE);
    fleet = await startTestFleet({ hours: 2, serving: true });
    ({ server } = await startTestGpuMetricsBackend({ config: fleet.config }));
    // The API's clock stands at the end of the recorded history.
    jest.spyOn(Date, 'now').mockReturnValue(fleet.end.getTime());
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await server?.stop();
    await fleet?.stop();
  });

  const get = async (path: string) => {
    const res = await request(server)
      .get(`${BASE}${path}`)
      .set(...as(testUsers.viewer));
    expect(res.status).toBe(200);
    expect(contract.responseErrors(res)).toEqual([]);
    return res.body;
  };

  it('documents the usage of an entity holding GPUs, with a right-sizing', async () => {
    const body = await get(
      '/entity?entityRef=component:default/recs-exploration&window=1h',
    );
    expect(body.workloads.length).toBeGreaterThan(0);
    expect(body.rightsizing).not.toBeNull();
  });

  it('documents the usage of an entity on MIG instances', async () => {
    const body = await get(
      '/entity?entityRef=component:default/assistant-api&window=1h',
    );
    expect(body.gpusHeld).toBeGreaterThan(0);
  });

  it("documents a team's roll-up", async () => {
    const body = await get('/group?groupRef=group:default/ml-org&window=1h');
    expect(body.entities.length).toBeGreaterThan(0);
  });

  it('documents the fleet with its idle GPUs', async () => {
    const body = await get('/fleet?window=1h');
    expect(body.clusters.length).toBeGreaterThan(0);
    expect(body.idle.length).toBeGreaterThan(0);
  });

  it('documents the heat map of one cluster', async () => {
    const body = await get('/fleet/heatmap?window=1h&cluster=gpu-prod');
    expect(body.rowKind).toBe('node');
    expect(body.rows.length).toBeGreaterThan(0);
  });

  it("documents a model server's serving, with its consumers", async () => {
    const body = await get(
      '/serving?entityRef=component:default/shared-llm-inference&window=1h',
    );
    expect(body.servers).toHaveLength(2);
    // The demo's gateway callers of the shared 70B server.
    expect(
      body.consumers.map((c: { caller: string }) => c.caller).sort(),
    ).toEqual(['assistant-api', 'recs-serving', 'search-embedding-service']);
  });

  it('documents the model servers of the fleet', async () => {
    const body = await get('/serving/servers?window=1h');
    const staging = body.servers.find(
      (s: { serverAddress: string }) =>
        s.serverAddress === 'shared-llm-inference-staging.ml-platform.svc',
    );
    // The 8B staging server runs on gpu-dev's L40S.
    expect(staging).toMatchObject({
      cluster: 'gpu-dev',
      namespace: 'ml-platform',
      entityRef: 'component:default/shared-llm-inference',
    });
  });

  it("documents a namespace's usage", async () => {
    const body = await get(
      '/namespace-usage?cluster=gpu-prod&namespace=ml-platform&window=1h',
    );
    // The GPUs the simulation's pods hold in the namespace.
    const held = fleet.sim
      .cluster('gpu-prod')
      .gpus.nodeGpus()
      .flatMap(n => n.devices)
      .filter(d => d.holder?.namespace === 'ml-platform').length;
    expect(body).toMatchObject({
      cluster: 'gpu-prod',
      namespace: 'ml-platform',
      gpusHeld: held,
    });
    // Its servers are busy: the last busy step lies within the window.
    const busy = Date.parse(body.lastBusyAt);
    expect(busy).toBeGreaterThan(fleet.end.getTime() - 3_600_000);
    expect(busy).toBeLessThanOrEqual(fleet.end.getTime());
  });

  it('documents a page of nodes and the GPUs of a node', async () => {
    const page = await get('/fleet/heatmap?window=1h&offset=1&limit=2');
    expect(page.rows).toHaveLength(2);
    const node = page.rows[0];
    const gpus = await get(
      `/fleet/heatmap?window=1h&cluster=${node.cluster}&node=${node.hostname}`,
    );
    expect(gpus.rowKind).toBe('gpu');
    expect(gpus.rows.length).toBe(node.gpus);
  });
});
