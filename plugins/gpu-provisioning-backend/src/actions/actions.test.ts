import { createTestDatabases } from '@ai-platform/test-utils';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { ANA, BO } from '../__fixtures__/entities';
import { FakeCluster } from '../__testUtils__/FakeCluster';
import { as, startTestGpuBackend } from '../__testUtils__/startTestGpuBackend';

// Only the Kubernetes side is a stand-in; see plugin.test.ts.
const mockCluster = FakeCluster.create();
jest.mock('../kubernetes', () => ({
  createKubernetesGrantServices: () => ({
    capacity: mockCluster,
    provisioner: mockCluster,
    // No Kueue cluster: quota sharing answers no items.
    kueueClusters: [],
  }),
}));

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ACTIONS = '/api/gpu-provisioning/.backstage/actions/v1/actions';

describe('gpu-provisioning actions', () => {
  let server: Awaited<ReturnType<typeof startTestGpuBackend>>['server'];

  beforeAll(async () => {
    const knex = await databases.init('SQLITE_3');
    ({ server } = await startTestGpuBackend({ knex }));
  });

  const invoke = (user: string, name: string, input: object) =>
    request(server)
      .post(`${ACTIONS}/gpu-provisioning:${name}/invoke`)
      .set(...as(user))
      .send(input);

  it('registers the three actions with described inputs and examples', async () => {
    const response = await request(server)
      .get(ACTIONS)
      .set(...as(ANA));
    expect(response.status).toBe(200);
    const actions = response.body.actions as Array<{
      id: string;
      attributes: Record<string, boolean>;
      examples: unknown[];
      schema: {
        input: { properties: Record<string, { description?: string }> };
      };
    }>;
    expect(actions.map(a => a.id).sort()).toEqual([
      'gpu-provisioning:get-capacity',
      'gpu-provisioning:get-start-estimate',
      'gpu-provisioning:list-requests',
      'gpu-provisioning:request-gpus',
    ]);
    for (const action of actions) {
      expect(action.examples.length).toBeGreaterThan(0);
      for (const [field, property] of Object.entries(
        action.schema.input.properties,
      )) {
        expect([field, property.description]).toEqual([
          field,
          expect.any(String),
        ]);
      }
    }
    expect(
      actions.find(a => a.id === 'gpu-provisioning:get-capacity')?.attributes,
    ).toEqual({ readOnly: true, destructive: false, idempotent: true });
  });

  it('gets capacity, filtered by cluster', async () => {
    const response = await invoke(ANA, 'get-capacity', { cluster: 'gpu-dev' });
    expect(response.status).toBe(200);
    expect(response.body.output).toEqual({
      items: [
        expect.objectContaining({ cluster: 'gpu-dev', gpuClass: 'l40s' }),
      ],
      errors: [],
    });
  });

  it('estimates when a request would start, with the caller’s credentials', async () => {
    const response = await invoke(ANA, 'get-start-estimate', {
      team: 'group:default/conversational-ai',
      cluster: 'gpu-dev',
      gpuClass: 'l40s',
      count: 1,
      durationHours: 4,
    });
    expect(response.status).toBe(200);
    expect(response.body.output).toMatchObject({
      outcome: 'now',
      requiresApproval: false,
      reason: expect.stringMatching(/^Can start now: /),
    });
    const stranger = await invoke(BO, 'get-start-estimate', {
      team: 'group:default/conversational-ai',
      cluster: 'gpu-dev',
      gpuClass: 'l40s',
      count: 1,
      durationHours: 4,
    });
    expect(stranger.status).toBe(403);
  });

  it('requests GPUs with the caller’s credentials and lists them', async () => {
    const input = {
      team: 'group:default/conversational-ai',
      cluster: 'gpu-dev',
      gpuClass: 'l40s',
      count: 1,
      durationHours: 4,
      purpose: 'notebook',
      dataClassification: 'internal',
      justification: 'Exploring tokenizer changes in a notebook',
      idempotencyKey: 'agent-1',
    };
    const created = await invoke(ANA, 'request-gpus', input);
    expect(created.status).toBe(200);
    expect(created.body.output).toMatchObject({
      created: true,
      request: { status: 'active', requestedBy: ANA, estimatedCost: 6.4 },
    });

    const replay = await invoke(ANA, 'request-gpus', input);
    expect(replay.body.output).toMatchObject({
      created: false,
      request: { id: created.body.output.request.id },
    });

    const outsider = await invoke(BO, 'request-gpus', input);
    expect(outsider.status).toBe(403);

    const listed = await invoke(ANA, 'list-requests', { status: ['active'] });
    expect(listed.body.output.items.map((r: { id: string }) => r.id)).toEqual([
      created.body.output.request.id,
    ]);
  });

  it('books a later window through the action, and names a bad startAt', async () => {
    const input = {
      team: 'group:default/conversational-ai',
      cluster: 'gpu-dev',
      gpuClass: 'l40s',
      count: 2,
      durationHours: 4,
      purpose: 'training',
      dataClassification: 'internal',
      justification: 'Evaluation run over the weekend',
    };
    const startAt = new Date(
      (Math.floor(Date.now() / 3_600_000) + 24) * 3_600_000,
    ).toISOString();
    const booked = await invoke(ANA, 'request-gpus', { ...input, startAt });
    expect(booked.status).toBe(200);
    expect(booked.body.output.request).toMatchObject({
      status: 'approved',
      startAt,
    });
    const late = await invoke(ANA, 'request-gpus', {
      ...input,
      startAt: '2020-01-01T00:00:00Z',
    });
    expect(late.status).toBe(400);
    expect(late.body.error.message).toBe(
      'startAt: must be in the future; leave it out to start now',
    );
  });

  it('answers a bad request with the field messages', async () => {
    const response = await invoke(ANA, 'request-gpus', {
      team: 'group:default/conversational-ai',
      cluster: 'gpu-dev',
      gpuClass: 'l40s',
      count: 0,
      durationHours: 4,
      purpose: 'notebook',
      dataClassification: 'internal',
      justification: 'Exploring tokenizer changes in a notebook',
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe('count: must be at least 1');
  });

  it('refuses service principals where a user is needed', async () => {
    const response = await request(server)
      .post(`${ACTIONS}/gpu-provisioning:list-requests/invoke`)
      .set('Authorization', mockCredentials.service.header())
      .send({});
    expect(response.status).toBe(403);
  });
});
