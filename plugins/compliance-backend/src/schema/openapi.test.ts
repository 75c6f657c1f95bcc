import SwaggerParser from '@apidevtools/swagger-parser';
import { ClusterSim, startClusterSim } from '@ai-platform/cluster-sim';
import { resolve } from 'node:path';
import request from 'supertest';
import {
  APPROVER,
  DEVELOPER,
  as,
  startTestComplianceBackend,
} from '../__testUtils__/startTestComplianceBackend';
import {
  createTestDatabases,
  contractOf,
  documentedOperations,
  registeredOperations,
} from '@ai-platform/test-utils';

const SPEC = resolve(__dirname, 'openapi.yaml');
const BASE = '/api/compliance';

jest.setTimeout(120_000);

const databases = createTestDatabases();

describe('the compliance OpenAPI document', () => {
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
  'the compliance router against its OpenAPI document on %p',
  databaseId => {
    let contract: Awaited<ReturnType<typeof contractOf>>;
    let sim: ClusterSim;
    let server: Awaited<
      ReturnType<typeof startTestComplianceBackend>
    >['server'];

    const get = (path: string, user: string = DEVELOPER) =>
      request(server)
        .get(`${BASE}${path}`)
        .set(...as(user));

    beforeAll(async () => {
      contract = await contractOf(SPEC, BASE);
      sim = await startClusterSim({ metrics: false });
      const knex = await databases.init(databaseId);
      ({ server } = await startTestComplianceBackend({ knex, sim }));
    });

    afterAll(async () => {
      await sim?.stop();
    });

    it('registers exactly the documented routes', () => {
      expect(registeredOperations(server, BASE)).toEqual(
        documentedOperations(contract.document),
      );
    });

    it('answers POST /evaluations as documented', async () => {
      const res = await request(server)
        .post(`${BASE}/evaluations`)
        .set(...as(APPROVER));
      expect(res.status).toBe(200);
      expect(res.body.evaluated).toBeGreaterThan(0);
      expect(contract.responseErrors(res)).toEqual([]);
    });

    it.each([
      '/frameworks',
      '/entity?entityRef=component:default/search-embedding-service',
      '/subject?subjectRef=system:default/product-search',
      '/subject?subjectRef=group:default/products',
      '/heatmap',
      '/heatmap?group=group:default/products',
      '/history?subjectRef=group:default/products&days=30',
      '/frameworks/soc2/matrix',
      '/frameworks/hipaa/evidence',
    ])('answers GET %s as documented', async path => {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).not.toEqual({ items: [] });
      expect(contract.responseErrors(res)).toEqual([]);
    });

    it('answers the evidence with format=csv as a documented CSV download', async () => {
      const res = await get(
        '/frameworks/hipaa/evidence?control=164.312(e)(1)&format=csv',
      );
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="compliance-evidence-hipaa.csv"',
      );
      expect(res.text.split('\r\n').length).toBeGreaterThan(2);
      expect(contract.responseErrors(res)).toEqual([]);
    });

    it('documents the waiver lifecycle and the waived result', async () => {
      const entityRef = 'component:default/vision-embedding-service';
      const checkId = 'k8s-default-deny-network-policy';
      const created = await request(server)
        .post(`${BASE}/waivers`)
        .set(...as(APPROVER))
        .send({
          entityRef,
          checkId,
          justification:
            'The service mesh restricts ingress until the CNI migration',
          expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        });
      expect(created.status).toBe(201);
      expect(contract.responseErrors(created)).toEqual([]);

      const entity = await get(`/entity?entityRef=${entityRef}`, APPROVER);
      expect(
        entity.body.checks.find(
          (c: { checkId: string }) => c.checkId === checkId,
        ).waiverId,
      ).toBe(created.body.id);
      expect(contract.responseErrors(entity)).toEqual([]);

      const revoked = await request(server)
        .delete(`${BASE}/waivers/${created.body.id}`)
        .set(...as(APPROVER));
      expect(revoked.status).toBe(200);
      expect(revoked.body.revokedAt).toBeDefined();
      expect(contract.responseErrors(revoked)).toEqual([]);
    });

    it.each([
      [400, '/heatmap?bogus=1', DEVELOPER],
      [404, '/entity?entityRef=component:default/nope', DEVELOPER],
      [404, '/frameworks/nope/matrix', DEVELOPER],
    ])('answers %s as documented (GET %s)', async (status, path, user) => {
      const res = await get(path, user);
      expect(res.status).toBe(status);
      expect(contract.responseErrors(res)).toEqual([]);
    });

    it('serves its OpenAPI document', async () => {
      const res = await get('/openapi.json');
      expect(res.status).toBe(200);
      expect(res.body.openapi).toBe('3.0.3');
      expect(Object.keys(res.body.paths)).toContain(
        '/api/compliance/frameworks/{frameworkId}/evidence',
      );
    });

    it('checks every request against the document', async () => {
      // The body is an empty object to the router's own parse; the
      // document's validator then refuses the media type it does not list.
      const res = await request(server)
        .post(`${BASE}/evaluations`)
        .set(...as(APPROVER))
        .set('Content-Type', 'text/plain')
        .send('run everything');
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(/text\/plain/);
      expect(contract.responseErrors(res)).toEqual([]);
    });

    it('answers 401 and 403 as documented', async () => {
      const anonymous = await request(server).get(`${BASE}/frameworks`);
      expect(anonymous.status).toBe(401);
      expect(contract.responseErrors(anonymous)).toEqual([]);
      const developer = await request(server)
        .post(`${BASE}/evaluations`)
        .set(...as(DEVELOPER));
      expect(developer.status).toBe(403);
      expect(contract.responseErrors(developer)).toEqual([]);
    });
  },
);
