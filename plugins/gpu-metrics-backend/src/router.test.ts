import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { testEntities } from './__fixtures__/entities';
import { gpuMetricsPlugin } from './plugin';

describe('GPU metrics router', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const auditEvent = { success: jest.fn(), fail: jest.fn() };
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => auditEvent),
  });

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        gpuMetricsPlugin,
        mockServices.rootConfig.factory({
          data: {
            gpuMetrics: {
              prometheus: [{ cluster: 'test', url: 'http://127.0.0.1:9' }],
            },
          },
        }),
        catalogServiceMock.factory({ entities: testEntities }),
        auditor.factory,
      ],
    }));
  });

  afterAll(async () => {
    await server.stop();
  });

  it('answers an entity without Kubernetes annotations with no GPUs', async () => {
    const res = await request(server).get(
      '/api/gpu-metrics/entity?entityRef=component:default/no-kubernetes&window=1h',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/no-kubernetes',
      window: '1h',
      stepSeconds: 30,
      gpusHeld: 0,
      workloads: [],
      utilisation: { mean: null, max: null },
      rightsizing: null,
      errors: [],
    });
    expect(res.body.series).toHaveLength(121);
  });

  it('audits each read of cluster data with who asked and what', async () => {
    auditor.createEvent.mockClear();
    auditEvent.success.mockClear();
    const res = await request(server).get(
      '/api/gpu-metrics/entity?entityRef=component:default/no-kubernetes&window=6h',
    );
    expect(res.status).toBe(200);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'gpu-usage-read',
        meta: {
          queryType: 'entity',
          entityRef: 'component:default/no-kubernetes',
          window: '6h',
        },
      }),
    );
    expect(auditEvent.success).toHaveBeenCalledTimes(1);

    const missing = await request(server).get(
      '/api/gpu-metrics/entity?entityRef=component:default/nope&window=6h',
    );
    expect(missing.status).toBe(404);
    expect(auditEvent.fail).toHaveBeenCalledWith({
      error: expect.objectContaining({ name: 'NotFoundError' }),
    });
  });

  it('offers its actions to the actions registry', async () => {
    const actions = '/api/gpu-metrics/.backstage/actions/v1/actions';
    const list = await request(server).get(actions);
    expect(list.status).toBe(200);
    expect(list.body.actions.map((a: { id: string }) => a.id).sort()).toEqual([
      'gpu-metrics:get-entity-gpu-usage',
      'gpu-metrics:list-idle-gpus',
    ]);
    const invoked = await request(server)
      .post(`${actions}/gpu-metrics:get-entity-gpu-usage/invoke`)
      .send({ entityRef: 'component:default/no-kubernetes', window: '1h' });
    expect(invoked.status).toBe(200);
    expect(invoked.body.output).toEqual({
      entityRef: 'component:default/no-kubernetes',
      gpusHeld: 0,
      utilisationMean: null,
      utilisationMax: null,
      idleGpuHours: 0,
      xidErrors: 0,
      rightsizing: null,
      errors: [],
    });
  });

  it.each([
    ['/entity?entityRef=component:default/no-kubernetes&window=2d', 'window'],
    ['/entity?window=1h', 'entityRef'],
    ['/group?window=1h', 'groupRef'],
    ['/group?groupRef=group:default/ml-org&window=1y', 'window'],
    ['/fleet?window=forever', 'window'],
    ['/fleet/heatmap?window=1h&cluster=nope', 'cluster'],
  ])('refuses %s with a 400 naming %s', async (path, field) => {
    const res = await request(server).get(`/api/gpu-metrics${path}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(field);
  });

  it.each([
    '/entity?entityRef=component:default/no-kubernetes',
    '/group?groupRef=group:default/ml-org',
    '/fleet',
    '/fleet/heatmap',
  ])('refuses %s without credentials', async path => {
    const res = await request(server)
      .get(`/api/gpu-metrics${path}`)
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it.each([
    [
      '/entity?entityRef=component:default/unknown',
      'component:default/unknown',
    ],
    ['/group?groupRef=group:default/unknown', 'group:default/unknown'],
    ['/group?groupRef=component:default/no-kubernetes', 'no-kubernetes'],
  ])('answers %s with a 404', async (path, name) => {
    const res = await request(server).get(`/api/gpu-metrics${path}`);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain(name);
  });

  it.each([
    ['hostile-id', 'backstage.io/kubernetes-id'],
    ['hostile-newline', 'backstage.io/kubernetes-id'],
    ['hostile-regex', 'backstage.io/kubernetes-id'],
    ['hostile-selector', 'backstage.io/kubernetes-label-selector'],
    ['hostile-namespace', 'backstage.io/kubernetes-namespace'],
  ])('refuses %s with a 400 naming %s', async (name, annotation) => {
    const res = await request(server).get(
      `/api/gpu-metrics/entity?entityRef=component:default/${name}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(annotation);
  });
});
