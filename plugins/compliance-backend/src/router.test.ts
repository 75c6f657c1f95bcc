import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { ClusterSim, startClusterSim } from '@ai-platform/cluster-sim';
import { createTestDatabases } from '@ai-platform/test-utils';
import {
  APPROVER,
  DEVELOPER,
  as,
  startTestComplianceBackend,
} from './__testUtils__/startTestComplianceBackend';
import { evidenceFromCsv } from './service/evidenceCsv';
import { loadDemoEntities } from './__testUtils__/demoCatalog';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const API = '/api/compliance';
const ACTIONS = '/api/compliance/.backstage/actions/v1/actions';

describe('compliance router', () => {
  let sim: ClusterSim;
  let server: Awaited<ReturnType<typeof startTestComplianceBackend>>['server'];
  let events: Awaited<ReturnType<typeof startTestComplianceBackend>>['events'];
  const entities = loadDemoEntities();

  beforeAll(async () => {
    sim = await startClusterSim({ metrics: false });
    const knex = await databases.init('SQLITE_3');
    ({ server, events } = await startTestComplianceBackend({
      knex,
      sim,
      entities,
    }));
    const run = await request(server)
      .post(`${API}/evaluations`)
      .set(...as(APPROVER));
    if (run.status !== 200)
      throw new Error(`The evaluation failed: ${run.status} ${run.text}`);
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('answers 401 without credentials', async () => {
    const response = await request(server).get(`${API}/frameworks`);
    expect(response.status).toBe(401);
  });

  it('lists the frameworks with real control ids', async () => {
    const response = await request(server)
      .get(`${API}/frameworks`)
      .set(...as(DEVELOPER));
    expect(response.status).toBe(200);
    const ids = response.body.frameworks.map((f: { id: string }) => f.id);
    expect(ids).toEqual(['hipaa', 'iso27001', 'soc2']);
    const hipaa = response.body.frameworks[0];
    expect(hipaa.controls.map((c: { id: string }) => c.id)).toContain(
      '164.312(e)(1)',
    );
  });

  it("returns an entity's scores", async () => {
    const response = await request(server)
      .get(`${API}/entity`)
      .query({ entityRef: 'component:default/search-embedding-service' })
      .set(...as(DEVELOPER));
    expect(response.status).toBe(200);
    expect(response.body.frameworks).toEqual([
      expect.objectContaining({ frameworkId: 'iso27001', level: 'Gold' }),
      expect.objectContaining({ frameworkId: 'soc2', level: 'Gold' }),
    ]);
    expect(response.body.canManageWaivers).toBe(false);
  });

  it('answers 400 naming the missing field, and 404 for an unknown entity', async () => {
    const missing = await request(server)
      .get(`${API}/entity`)
      .set(...as(DEVELOPER));
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/entityRef/);
    const unknown = await request(server)
      .get(`${API}/entity`)
      .query({ entityRef: 'component:default/nope' })
      .set(...as(DEVELOPER));
    expect(unknown.status).toBe(404);
    const framework = await request(server)
      .get(`${API}/frameworks/nope/matrix`)
      .set(...as(DEVELOPER));
    expect(framework.status).toBe(404);
  });

  it('lets approvers only grant waivers, validating the body', async () => {
    const body = {
      entityRef: 'component:default/vision-embedding-service',
      checkId: 'k8s-default-deny-network-policy',
      justification:
        'The service mesh restricts ingress until the CNI migration',
      expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    };
    const denied = await request(server)
      .post(`${API}/waivers`)
      .set(...as(DEVELOPER))
      .send(body);
    expect(denied.status).toBe(403);
    const invalid = await request(server)
      .post(`${API}/waivers`)
      .set(...as(APPROVER))
      .send({ ...body, justification: 'short', expiresAt: 'tomorrow' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/justification/);
    expect(invalid.body.error.message).toMatch(/expiresAt/);
    const unknownCheck = await request(server)
      .post(`${API}/waivers`)
      .set(...as(APPROVER))
      .send({ ...body, checkId: 'no-such-check' });
    expect(unknownCheck.status).toBe(400);
    expect(unknownCheck.body.error.message).toMatch(/checkId/);
    const created = await request(server)
      .post(`${API}/waivers`)
      .set(...as(APPROVER))
      .send(body);
    expect(created.status).toBe(201);
    expect(created.body).toEqual(
      expect.objectContaining({ approver: APPROVER, active: true }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        eventId: 'waiver-create',
        status: 'succeeded',
      }),
    );
    const entity = await request(server)
      .get(`${API}/entity`)
      .query({ entityRef: body.entityRef })
      .set(...as(APPROVER));
    expect(entity.body.canManageWaivers).toBe(true);
    expect(
      entity.body.checks.find(
        (c: { checkId: string }) => c.checkId === body.checkId,
      ).status,
    ).toBe('waived');
    const revoked = await request(server)
      .delete(`${API}/waivers/${created.body.id}`)
      .set(...as(APPROVER));
    expect(revoked.status).toBe(200);
    expect(revoked.body.active).toBe(false);
  });

  it('exports evidence as CSV that matches the JSON export', async () => {
    const json = await request(server)
      .get(`${API}/frameworks/hipaa/evidence`)
      .query({ control: '164.312(e)(1)' })
      .set(...as(DEVELOPER));
    expect(json.status).toBe(200);
    expect(json.body.items.length).toBeGreaterThan(0);
    const csv = await request(server)
      .get(`${API}/frameworks/hipaa/evidence`)
      .query({ control: '164.312(e)(1)', format: 'csv' })
      .set(...as(DEVELOPER));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(
      /compliance-evidence-hipaa\.csv/,
    );
    expect(evidenceFromCsv(csv.text)).toEqual(json.body.items);
    const badFormat = await request(server)
      .get(`${API}/frameworks/hipaa/evidence`)
      .query({ format: 'xml' })
      .set(...as(DEVELOPER));
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.error.message).toMatch(/format/);
  });

  it('serves the heat map, the matrix and history', async () => {
    const heatmap = await request(server)
      .get(`${API}/heatmap`)
      .set(...as(DEVELOPER));
    expect(heatmap.status).toBe(200);
    expect(
      heatmap.body.rows.map((r: { groupRef: string }) => r.groupRef),
    ).toContain('group:default/search-relevance');
    const matrix = await request(server)
      .get(`${API}/frameworks/soc2/matrix`)
      .set(...as(DEVELOPER));
    expect(matrix.status).toBe(200);
    const cc66 = matrix.body.rows.find(
      (r: { controlId: string }) => r.controlId === 'CC6.6',
    );
    expect(
      cc66.cells['group:default/conversational-ai'].failed,
    ).toBeGreaterThan(0);
    const history = await request(server)
      .get(`${API}/history`)
      .query({ subjectRef: 'group:default/products', days: 30 })
      .set(...as(DEVELOPER));
    expect(history.status).toBe(200);
    expect(history.body.items.length).toBeGreaterThan(0);
    const system = await request(server)
      .get(`${API}/subject`)
      .query({ subjectRef: 'system:default/product-search' })
      .set(...as(DEVELOPER));
    expect(system.status).toBe(200);
    const soc2 = system.body.items.find(
      (r: { frameworkId: string }) => r.frameworkId === 'soc2',
    );
    // The system itself, its two components and whatever models it holds.
    expect(soc2.entities).toBeGreaterThanOrEqual(3);
    expect(soc2.score).toBeGreaterThan(0);
    const badDays = await request(server)
      .get(`${API}/history`)
      .query({ subjectRef: 'group:default/products', days: 1000 })
      .set(...as(DEVELOPER));
    expect(badDays.status).toBe(400);
    expect(badDays.body.error.message).toMatch(/days/);
  });

  it.each([
    ['post', '/waivers'],
    ['delete', '/waivers/some-waiver'],
    ['post', '/evaluations'],
    ['post', '/entity/evaluations'],
  ] as const)(
    'refuses a service principal on %s %s with 403 before reading the body',
    async (method, path) => {
      const response = await request(server)
        [method](`${API}${path}`)
        .set('Authorization', mockCredentials.service.header())
        .set('Content-Type', 'application/json')
        // Not even valid JSON: the refusal comes before parsing.
        .send('{');
      expect(response.status).toBe(403);
    },
  );

  it('lets a service principal read', async () => {
    const response = await request(server)
      .get(`${API}/frameworks`)
      .set('Authorization', mockCredentials.service.header());
    expect(response.status).toBe(200);
  });

  it('answers 400 naming unknown parameters and arrays where strings belong', async () => {
    const array = await request(server)
      .get(`${API}/entity?entityRef[]=component:default/assistant-api`)
      .set(...as(DEVELOPER));
    expect(array.status).toBe(400);
    expect(array.body.error.message).toMatch(/entityRef/);
    const unknown = await request(server)
      .get(`${API}/heatmap?bogus=1`)
      .set(...as(DEVELOPER));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/bogus: unknown parameter/);
    const body = await request(server)
      .post(`${API}/evaluations`)
      .set(...as(APPROVER))
      .send({ everything: true });
    expect(body.status).toBe(400);
    expect(body.body.error.message).toMatch(/everything: unknown parameter/);
    // Found by the fuzz test: NUL reached PostgreSQL and failed with 500.
    const nul = await request(server)
      .delete(`${API}/waivers/%00`)
      .set(...as(APPROVER));
    expect(nul.status).toBe(400);
    expect(nul.body.error.message).toMatch(/id must not contain NUL/);
  });

  it('re-scores one entity on request, as the catalog has it now', async () => {
    const entityRef = 'component:default/search-embedding-service';
    const descriptionCheck = async () =>
      (
        await request(server)
          .get(`${API}/entity`)
          .query({ entityRef })
          .set(...as(DEVELOPER))
      ).body.checks.find(
        (c: { checkId: string }) => c.checkId === 'catalog-description-set',
      ).status;
    expect(await descriptionCheck()).toBe('pass');
    const entity = entities.find(
      e => e.metadata.name === 'search-embedding-service',
    )!;
    const description = entity.metadata.description;
    try {
      delete entity.metadata.description;
      const recheck = await request(server)
        .post(`${API}/entity/evaluations`)
        .set(...as(DEVELOPER))
        .send({ entityRef: 'Component:default/Search-Embedding-Service' });
      expect(recheck.status).toBe(200);
      expect(recheck.body).toEqual(
        expect.objectContaining({ mode: 'entities', evaluated: 1, removed: 0 }),
      );
      expect(await descriptionCheck()).toBe('fail');
      expect(events).toContainEqual(
        expect.objectContaining({
          eventId: 'entity-evaluation',
          status: 'succeeded',
          meta: expect.objectContaining({
            entityRef: 'Component:default/Search-Embedding-Service',
          }),
        }),
      );
    } finally {
      entity.metadata.description = description;
      await request(server)
        .post(`${API}/entity/evaluations`)
        .set(...as(DEVELOPER))
        .send({ entityRef });
    }
    expect(await descriptionCheck()).toBe('pass');
  });

  it('answers a re-check with 400 naming the field, and 404 for an unknown entity', async () => {
    const missing = await request(server)
      .post(`${API}/entity/evaluations`)
      .set(...as(DEVELOPER))
      .send({});
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/entityRef/);
    const extra = await request(server)
      .post(`${API}/entity/evaluations`)
      .set(...as(DEVELOPER))
      .send({ entityRef: 'component:default/assistant-api', all: true });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/all: unknown parameter/);
    const malformed = await request(server)
      .post(`${API}/entity/evaluations`)
      .set(...as(DEVELOPER))
      .send({ entityRef: 'component:' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/entityRef/);
    const unknown = await request(server)
      .post(`${API}/entity/evaluations`)
      .set(...as(DEVELOPER))
      .send({ entityRef: 'component:default/nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/entityRef/);
  });

  it('refuses evaluations to non-approvers', async () => {
    const response = await request(server)
      .post(`${API}/evaluations`)
      .set(...as(DEVELOPER));
    expect(response.status).toBe(403);
  });

  it('registers the two actions and answers through them', async () => {
    const list = await request(server)
      .get(ACTIONS)
      .set(...as(DEVELOPER));
    expect(list.status).toBe(200);
    expect(list.body.actions.map((a: { id: string }) => a.id).sort()).toEqual([
      'compliance:get-compliance-status',
      'compliance:get-failing-compliance-checks',
    ]);
    const failing = await request(server)
      .post(`${ACTIONS}/compliance:get-failing-compliance-checks/invoke`)
      .set(...as(DEVELOPER))
      .send({
        entityRef: 'component:default/assistant-api',
        framework: 'hipaa',
      });
    expect(failing.status).toBe(200);
    const ids = failing.body.output.items.map(
      (i: { checkId: string }) => i.checkId,
    );
    expect(ids).toEqual(
      expect.arrayContaining([
        'k8s-no-cluster-admin-team',
        'k8s-default-deny-network-policy',
      ]),
    );
    expect(failing.body.output.items[0].severity).toBe('critical');
    const status = await request(server)
      .post(`${ACTIONS}/compliance:get-compliance-status/invoke`)
      .set(...as(DEVELOPER))
      .send({ entityRef: 'component:default/assistant-api' });
    expect(status.status).toBe(200);
    expect(
      status.body.output.frameworks.map(
        (f: { frameworkId: string }) => f.frameworkId,
      ),
    ).toEqual(['hipaa', 'iso27001', 'soc2']);
  });
});
