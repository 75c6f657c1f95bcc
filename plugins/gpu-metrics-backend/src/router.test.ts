import { mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import { testUsers } from './__fixtures__/entities';
import {
  as,
  asService,
  startTestGpuMetricsBackend,
} from './__testUtils__/startTestGpuMetricsBackend';

const { member, manager, other, viewer, loner } = testUsers;
const actions = '/api/gpu-metrics/.backstage/actions/v1/actions';

describe('GPU metrics router', () => {
  let server: Awaited<ReturnType<typeof startTestGpuMetricsBackend>>['server'];
  const auditEvent = { success: jest.fn(), fail: jest.fn() };
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => auditEvent),
  });

  beforeAll(async () => {
    ({ server } = await startTestGpuMetricsBackend({
      // No Prometheus and no cluster: answers without GPUs, but every check
      // (credentials, query, permission, annotations, the cap) runs.
      config: { gpuMetrics: { prometheus: [], maxEntitiesPerGroup: 1 } },
      auditor,
    }));
  });

  afterAll(async () => {
    await server.stop();
  });

  const get = (path: string, user: string) =>
    request(server)
      .get(`/api/gpu-metrics${path}`)
      .set(...as(user));

  describe('happy paths', () => {
    it('answers an entity without Kubernetes annotations with no GPUs', async () => {
      const res = await get(
        '/entity?entityRef=component:default/no-kubernetes&window=1h',
        viewer,
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

    it.each([
      [member, '/entity?entityRef=component:default/assistant-api'],
      [member, '/entity?entityRef=Component:Default/Assistant-API'],
      [member, '/group?groupRef=group:default/conversational-ai'],
      [member, '/group?groupRef=GROUP:default/Conversational-AI'],
      [manager, '/entity?entityRef=component:default/recs-serving'],
      [manager, '/group?groupRef=group:default/recommendations'],
      [manager, '/group?groupRef=group:default/ml-org'],
      [viewer, '/group?groupRef=group:default/ml-org'],
      [viewer, '/fleet'],
      [viewer, '/fleet/heatmap?window=1h'],
    ])('lets %s read %s', async (user, path) => {
      const res = await get(path, user);
      expect(res.status).toBe(200);
      expect(res.body.errors).toEqual([]);
    });

    it('answers with the canonical ref whatever the case asked', async () => {
      const res = await get(
        '/entity?entityRef=Component:Default/Assistant-API',
        member,
      );
      expect(res.body.entityRef).toBe('component:default/assistant-api');
    });

    it('serves other plugins (the cost job) with a service token', async () => {
      const res = await request(server)
        .get('/api/gpu-metrics/group?groupRef=group:default/ml-org&window=7d')
        .set(...asService());
      expect(res.status).toBe(200);
      expect(res.body.groupRef).toBe('group:default/ml-org');
    });

    it('audits each read of cluster data with who asked and what', async () => {
      auditor.createEvent.mockClear();
      auditEvent.success.mockClear();
      const res = await get(
        '/entity?entityRef=component:default/no-kubernetes&window=6h',
        viewer,
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

      const denied = await get(
        '/entity?entityRef=component:default/recs-serving&window=6h',
        member,
      );
      expect(denied.status).toBe(403);
      expect(auditEvent.fail).toHaveBeenCalledWith({
        error: expect.objectContaining({ name: 'NotAllowedError' }),
      });
    });
  });

  describe('the serving routes', () => {
    it('answers an entity without serving pods with no servers and zeros', async () => {
      const res = await get(
        '/serving?entityRef=component:default/no-kubernetes&window=1h',
        viewer,
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        entityRef: 'component:default/no-kubernetes',
        servers: [],
        consumers: [],
        unattributed: { inputTokens: 0, outputTokens: 0 },
        totals: {
          requests: 0,
          inputTokens: 0,
          ttftSeconds: { p50: null, p95: null },
          gpuHours: [],
        },
      });
    });

    it('audits each serving read with who asked and what', async () => {
      auditor.createEvent.mockClear();
      const servers = await request(server)
        .get('/api/gpu-metrics/serving/servers?day=2020-01-01')
        .set(...asService());
      expect(servers.status).toBe(400);
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'gpu-usage-read',
          meta: { queryType: 'serving-servers', day: '2020-01-01' },
        }),
      );
      const usage = await get(
        '/namespace-usage?cluster=gpu-prod&namespace=ml-platform',
        member,
      );
      expect(usage.status).toBe(403);
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'gpu-usage-read',
          meta: {
            queryType: 'namespace-usage',
            cluster: 'gpu-prod',
            namespace: 'ml-platform',
            window: '24h',
          },
        }),
      );
    });
  });

  describe('a group roll-up', () => {
    it('skips and reports entities with bad annotations, and is cut at the cap', async () => {
      const res = await get(
        '/group?groupRef=group:default/search-relevance&window=1h',
        other,
      );
      expect(res.status).toBe(200);
      expect(res.body.entityErrors).toEqual([
        {
          entityRef: 'component:default/hostile-id',
          annotation: 'backstage.io/kubernetes-id',
          message:
            'Annotation backstage.io/kubernetes-id is not a valid label value',
        },
        {
          entityRef: 'component:default/hostile-namespace',
          annotation: 'backstage.io/kubernetes-namespace',
          message:
            'Annotation backstage.io/kubernetes-namespace is not a valid namespace name',
        },
        {
          entityRef: 'component:default/hostile-newline',
          annotation: 'backstage.io/kubernetes-id',
          message:
            'Annotation backstage.io/kubernetes-id is not a valid label value',
        },
        {
          entityRef: 'component:default/hostile-regex',
          annotation: 'backstage.io/kubernetes-id',
          message:
            'Annotation backstage.io/kubernetes-id is not a valid label value',
        },
        {
          entityRef: 'component:default/hostile-selector',
          annotation: 'backstage.io/kubernetes-label-selector',
          message: expect.stringMatching(
            /^Annotation backstage\.io\/kubernetes-label-selector is not a valid label selector: Invalid label selector at position 46: label key 'x"}' name may only contain letters, digits, '-', '_' and '\.'$/,
          ),
        },
      ]);
      // maxEntitiesPerGroup is 1: of the two entities with workloads, the
      // first by ref is counted; entities without workloads cost nothing.
      expect(res.body.truncated).toEqual({ limit: 1, total: 2 });
      expect(
        res.body.entities.map((e: { entityRef: string }) => e.entityRef),
      ).toEqual([
        'component:default/recs-serving-by-selector',
        'component:default/no-kubernetes',
      ]);
    });

    it("does not fail the group above a bad entity's team", async () => {
      const res = await get('/group?groupRef=group:default/ml-org', viewer);
      expect(res.status).toBe(200);
      expect(res.body.entityErrors).toEqual([]);
      expect(res.body.truncated).toEqual({ limit: 1, total: 5 });
    });
  });

  describe('400', () => {
    it.each([
      ['/entity?entityRef=component:default/no-kubernetes&window=2d', 'window'],
      ['/entity?window=1h', 'entityRef'],
      ['/entity?entityRef=no-kind-given', 'entityRef'],
      ['/entity?entityRef=a&entityRef=b', 'entityRef'],
      [`/entity?entityRef=component:default/${'x'.repeat(1001)}`, 'entityRef'],
      ['/group?window=1h', 'groupRef'],
      ['/group?groupRef=group:default/ml-org&window=1y', 'window'],
      ['/group?groupRef=ml-org', 'groupRef'],
      ['/fleet?window=forever', 'window'],
      ['/fleet/heatmap?window=1h&cluster=nope', 'cluster'],
      ['/fleet/heatmap?window=1h&cluster=', 'cluster'],
      ['/fleet/heatmap?window=1h&node=gpu-prod-h100-0', 'node'],
      ['/fleet/heatmap?window=1h&limit=51', 'limit'],
      ['/fleet/heatmap?window=1h&limit=0', 'limit'],
      ['/fleet/heatmap?window=1h&limit=ten', 'limit'],
      ['/fleet/heatmap?window=1h&offset=-1', 'offset'],
      ['/fleet/heatmap?window=1h&offset=1.5', 'offset'],
    ])('refuses %s naming %s', async (path, field) => {
      const res = await get(path, viewer);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(field);
    });

    it.each([
      ['hostile-id', 'backstage.io/kubernetes-id'],
      ['hostile-newline', 'backstage.io/kubernetes-id'],
      ['hostile-regex', 'backstage.io/kubernetes-id'],
      ['hostile-selector', 'backstage.io/kubernetes-label-selector'],
      ['hostile-namespace', 'backstage.io/kubernetes-namespace'],
    ])(
      'refuses the usage of %s naming %s, to its team',
      async (name, annotation) => {
        const res = await get(
          `/entity?entityRef=component:default/${name}`,
          other,
        );
        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
        expect(res.body.error.message).toContain(`Annotation ${annotation}`);
      },
    );
  });

  describe('401', () => {
    it.each([
      '/entity?entityRef=component:default/no-kubernetes',
      '/group?groupRef=group:default/ml-org',
      '/fleet',
      '/fleet/heatmap',
    ])('refuses %s without credentials', async path => {
      const res = await request(server).get(`/api/gpu-metrics${path}`);
      expect(res.status).toBe(401);
    });

    it('refuses the actions without credentials', async () => {
      expect((await request(server).get(actions)).status).toBe(401);
      const invoked = await request(server)
        .post(`${actions}/gpu-metrics:get-entity-gpu-usage/invoke`)
        .send({ entityRef: 'component:default/no-kubernetes' });
      expect(invoked.status).toBe(401);
    });
  });

  describe('403', () => {
    it.each([
      [member, '/entity?entityRef=component:default/recs-serving'],
      [member, '/entity?entityRef=component:default/hostile-selector'],
      [member, '/group?groupRef=group:default/ml-org'],
      [member, '/group?groupRef=group:default/recommendations'],
      [other, '/group?groupRef=group:default/conversational-ai'],
      [loner, '/entity?entityRef=component:default/assistant-api'],
      [loner, '/group?groupRef=group:default/search-relevance'],
      [member, '/entity?entityRef=component:default/unknown'],
      [member, '/fleet'],
      [manager, '/fleet'],
      [member, '/fleet/heatmap'],
      [loner, '/fleet/heatmap?window=1h&cluster=nope'],
    ])('refuses %s %s', async (user, path) => {
      const res = await get(path, user);
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
    });

    it('says who may read what was refused', async () => {
      const entity = await get(
        '/entity?entityRef=component:default/recs-serving',
        member,
      );
      expect(entity.body.error.message).toBe(
        'You may not read the GPU usage of component:default/recs-serving: it is visible to the members of its owning team and of the groups above it, and to fleet viewers',
      );
      const fleet = await get('/fleet', member);
      expect(fleet.body.error.message).toContain('gpuMetrics.fleetViewers');
    });
  });

  describe('404', () => {
    it.each([
      [
        '/entity?entityRef=component:default/unknown',
        'component:default/unknown',
      ],
      ['/group?groupRef=group:default/unknown', 'group:default/unknown'],
      ['/group?groupRef=component:default/no-kubernetes', 'no-kubernetes'],
    ])('answers %s with a 404 to a fleet viewer', async (path, name) => {
      const res = await get(path, viewer);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain(name);
    });
  });

  describe('actions', () => {
    it('offers the fleet action to fleet viewers only', async () => {
      const ids = async (user: string) =>
        (
          await request(server)
            .get(actions)
            .set(...as(user))
        ).body.actions
          .map((a: { id: string }) => a.id)
          .sort();
      expect(await ids(viewer)).toEqual([
        'gpu-metrics:get-entity-gpu-usage',
        'gpu-metrics:list-idle-gpus',
      ]);
      expect(await ids(member)).toEqual(['gpu-metrics:get-entity-gpu-usage']);
      const hidden = await request(server)
        .post(`${actions}/gpu-metrics:list-idle-gpus/invoke`)
        .set(...as(member))
        .send({});
      expect(hidden.status).toBe(404);
      const shown = await request(server)
        .post(`${actions}/gpu-metrics:list-idle-gpus/invoke`)
        .set(...as(viewer))
        .send({ team: 'Group:Default/Recommendations' });
      expect(shown.status).toBe(200);
      expect(shown.body.output).toEqual({ items: [] });
    });

    it("answers the entity action for the caller's teams only", async () => {
      const invoke = (user: string, entityRef: string) =>
        request(server)
          .post(`${actions}/gpu-metrics:get-entity-gpu-usage/invoke`)
          .set(...as(user))
          .send({ entityRef, window: '1h' });
      const allowed = await invoke(member, 'component:default/assistant-api');
      expect(allowed.status).toBe(200);
      expect(allowed.body.output).toEqual({
        entityRef: 'component:default/assistant-api',
        gpusHeld: 0,
        utilisationMean: null,
        utilisationMax: null,
        idleGpuHours: 0,
        xidErrors: 0,
        rightsizing: null,
        errors: [],
      });
      expect(
        (await invoke(member, 'component:default/recs-serving')).status,
      ).toBe(403);
      expect((await invoke(member, 'group:default/ml-org')).status).toBe(403);
      const group = await invoke(other, 'group:default/search-relevance');
      expect(group.status).toBe(200);
      expect(group.body.output.errors).toEqual(
        expect.arrayContaining([
          'component:default/hostile-id: Annotation backstage.io/kubernetes-id is not a valid label value',
          'Only the first 1 of 2 entities with workloads are counted (gpuMetrics.maxEntitiesPerGroup)',
        ]),
      );
    });
  });
});

describe('GPU metrics router with an unreachable Prometheus', () => {
  let server: Awaited<ReturnType<typeof startTestGpuMetricsBackend>>['server'];

  beforeAll(async () => {
    ({ server } = await startTestGpuMetricsBackend({
      config: {
        gpuMetrics: {
          prometheus: [
            {
              cluster: 'gpu-secret-test',
              url: 'http://scott:tiger-password@127.0.0.1:9',
              headers: { Authorization: 'Bearer secret-prometheus-token' },
            },
          ],
          timeout: '2s',
        },
      },
    }));
  });

  afterAll(async () => {
    await server.stop();
  });

  it('names the configured Prometheus by its cluster key, never its URL or credentials', async () => {
    const res = await request(server)
      .get('/api/gpu-metrics/fleet?window=1h')
      .set(...as(testUsers.viewer));
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(
      "The Prometheus configured for cluster 'gpu-secret-test' is unreachable",
    );
    const text = JSON.stringify(res.body);
    for (const secret of ['127.0.0.1', 'scott', 'tiger', 'secret-prometheus']) {
      expect(text).not.toContain(secret);
    }
  });
});
