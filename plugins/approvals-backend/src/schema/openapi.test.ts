import SwaggerParser from '@apidevtools/swagger-parser';
import {
  contractOf,
  documentedOperations,
  registeredOperations,
} from '@ai-platform/test-utils';
import { mockCredentials } from '@backstage/backend-test-utils';
import { resolve } from 'node:path';
import request from 'supertest';
import { testUsers } from '../__fixtures__/entities';
import {
  as,
  asService,
  startTestApprovalsBackend,
} from '../__testUtils__/startTestApprovalsBackend';

const SPEC = resolve(__dirname, 'openapi.yaml');
const BASE = '/api/approvals';
const GROUP = 'group:default/ml-platform';

jest.setTimeout(60_000);

type Contract = Awaited<ReturnType<typeof contractOf>>;
type Server = Awaited<ReturnType<typeof startTestApprovalsBackend>>['server'];

describe('the approvals OpenAPI document', () => {
  it('is a valid OpenAPI 3.0 document', async () => {
    const api = await SwaggerParser.validate(SPEC);
    expect(api).toHaveProperty('openapi', '3.0.3');
  });

  it('gives every operation a PascalCase operationId, once', async () => {
    const { document } = await contractOf(SPEC, BASE);
    const ids = Object.values(document.paths).flatMap(item =>
      Object.entries(item)
        .filter(([key]) => key !== 'parameters')
        .map(([, op]) => (op as { operationId?: string }).operationId),
    );
    expect(ids.every(id => /^[A-Z][A-Za-z]+$/.test(id ?? ''))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the approvals router against its OpenAPI document', () => {
  let contract: Contract;
  let server: Server;

  beforeAll(async () => {
    contract = await contractOf(SPEC, BASE);
    ({ server } = await startTestApprovalsBackend({}));
  });

  it('registers exactly the documented routes', () => {
    expect(registeredOperations(server, BASE)).toEqual(
      documentedOperations(contract.document),
    );
  });

  it('answers every operation as documented', async () => {
    const created = await request(server)
      .post(`${BASE}/approvals`)
      .set(
        'Authorization',
        `Bearer ${mockCredentials.user.token(testUsers.requester, {
          actor: { subject: 'plugin:scaffolder' },
        })}`,
      )
      .send({
        approverGroup: GROUP,
        title: 'Publish model m1',
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      });
    expect(created.status).toBe(201);
    const { id } = created.body;
    const second = await request(server)
      .post(`${BASE}/approvals`)
      .set(...as(testUsers.requester))
      .send({ approverGroup: GROUP, title: 'Second' });
    const responses = [
      created,
      second,
      await request(server)
        .get(`${BASE}/approvals?status=pending`)
        .set(...as(testUsers.approver)),
      await request(server)
        .get(`${BASE}/approvals/${id}`)
        .set(...asService()),
      await request(server)
        .get(`${BASE}/approvals/${id}`)
        .set(...as(testUsers.other)),
      await request(server)
        .post(`${BASE}/approvals/${id}/decision`)
        .set(...as(testUsers.approver))
        .send({ decision: 'reject', reason: 'No model card' }),
      await request(server)
        .post(`${BASE}/approvals/${id}/decision`)
        .set(...as(testUsers.approver))
        .send({ decision: 'approve' }),
      await request(server)
        .post(`${BASE}/approvals/${second.body.id}/withdraw`)
        .set(...as(testUsers.requester)),
      await request(server)
        .post(`${BASE}/approvals`)
        .set(...as(testUsers.requester))
        .send({ approverGroup: 'group:default/nowhere', title: 'x' }),
      await request(server).get(`${BASE}/approvals`),
      await request(server)
        .get(`${BASE}/approvals/3f0c9a8e-9a4b-4a57-8a43-1d2d2b1e9c11`)
        .set(...as(testUsers.approver)),
    ];
    expect(responses.map(r => r.status)).toEqual([
      201, 201, 200, 200, 403, 200, 409, 200, 400, 401, 404,
    ]);
    for (const res of responses) {
      expect(contract.responseErrors(res)).toEqual([]);
    }
  });

  it('refuses query parameters the document does not list', async () => {
    const res = await request(server)
      .get(`${BASE}/approvals?bogus=1`)
      .set(...as(testUsers.approver));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('bogus');
  });
});
