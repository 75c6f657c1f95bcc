import {
  RecordedAuditEvent,
  createTestDatabases,
} from '@ai-platform/test-utils';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  GpuClassInfo,
  TeamQuota,
  gpuRequestInputSchema,
} from '@ai-platform/plugin-gpu-provisioning-common';
import fc from 'fast-check';
import { Knex } from 'knex';
import request from 'supertest';
import { ANA, BO, PAT } from './__fixtures__/entities';
import { FakeCluster } from './__testUtils__/FakeCluster';
import { as, startTestGpuBackend } from './__testUtils__/startTestGpuBackend';

// The plugin runs with its real store, service, router and lifecycle
// reconciler; only the Kubernetes side (capacity and provisioner) is an
// in-memory stand-in here. The real Kubernetes path is tested against the
// cluster emulator by the Kubernetes module's tests and the integration tests.
const mockCluster = FakeCluster.create();
jest.mock('./kubernetes', () => ({
  createKubernetesGrantServices: () => ({
    capacity: mockCluster,
    provisioner: mockCluster,
    // No Kueue cluster: quota sharing answers no items.
    kueueClusters: [],
  }),
}));

jest.setTimeout(60_000);

const databases = createTestDatabases();

const BASE = '/api/gpu-provisioning';
const TEAM = 'group:default/conversational-ai';

const valid = {
  team: TEAM,
  entityRef: 'component:default/assistant-api',
  cluster: 'gpu-prod',
  gpuClass: 'h100',
  count: 2,
  durationHours: 48,
  purpose: 'fine-tuning',
  dataClassification: 'confidential',
  justification: 'LoRA fine-tuning of the assistant on support transcripts',
};

describe.each(databases.eachSupportedId())(
  'gpu-provisioning API on %p',
  databaseId => {
    let knex: Knex;
    let server: Awaited<ReturnType<typeof startTestGpuBackend>>['server'];
    let sent: Awaited<ReturnType<typeof startTestGpuBackend>>['sent'];
    let auditEvents: RecordedAuditEvent[];

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      ({ server, sent, auditEvents } = await startTestGpuBackend({ knex }));
    });

    beforeEach(async () => {
      await knex('gpu_requests').delete();
      await knex('gpu_quota_usage').delete();
      mockCluster.applied.length = 0;
      mockCluster.removed.length = 0;
      mockCluster.failApplyWith = undefined;
      sent.length = 0;
      auditEvents.length = 0;
    });

    const create = (user: string, body: object, key?: string) => {
      const call = request(server)
        .post(`${BASE}/requests`)
        .set(...as(user));
      if (key) call.set('Idempotency-Key', key);
      return call.send(body);
    };

    describe('authentication', () => {
      it.each([
        ['get', '/capacity'],
        ['get', '/classes'],
        ['get', '/quota'],
        ['get', '/start-estimate'],
        ['get', '/requests'],
        ['post', '/requests'],
        ['get', '/requests/3f0c9a8e-9a4b-4a57-8a43-1d2d2b1e9c11'],
        ['post', '/requests/3f0c9a8e-9a4b-4a57-8a43-1d2d2b1e9c11/release'],
        ['post', '/requests/3f0c9a8e-9a4b-4a57-8a43-1d2d2b1e9c11/withdraw'],
        ['get', '/openapi.json'],
      ] as const)('refuses %s %s without credentials', async (method, path) => {
        const response = await request(server)[method](`${BASE}${path}`);
        expect(response.status).toBe(401);
        expect(response.body.error.name).toBe('AuthenticationError');
      });
    });

    describe('POST /requests', () => {
      it('grants a small request at once: 201 active, on the cluster, audited', async () => {
        const response = await create(ANA, valid);

        expect(response.status).toBe(201);
        expect(response.body).toMatchObject({
          ...valid,
          status: 'active',
          requestedBy: ANA,
          gpuHours: 96,
          estimatedCost: 432,
          requiresApproval: false,
          namespace: expect.stringMatching(
            /^gpu-conversational-ai-assistant-api-[0-9a-f]{8}$/,
          ),
        });
        const { activeSince, expiresAt } = response.body;
        expect(Date.parse(expiresAt) - Date.parse(activeSince)).toBe(
          48 * 3_600_000,
        );
        expect(mockCluster.applied).toEqual([
          expect.objectContaining({
            teamName: 'conversational-ai',
            costCenter: 'CC-4711',
            request: expect.objectContaining({ id: response.body.id }),
          }),
        ]);
        expect(auditEvents).toEqual([
          // Recorded by the lifecycle reconciler as it applied the grant.
          expect.objectContaining({
            eventId: 'gpu-grant-apply',
            status: 'succeeded',
            meta: expect.objectContaining({ requestId: response.body.id }),
          }),
          expect.objectContaining({
            eventId: 'gpu-request-create',
            severityLevel: 'medium',
            status: 'succeeded',
            meta: expect.objectContaining({
              actor: ANA,
              requestId: response.body.id,
              status: 'active',
              replay: false,
            }),
          }),
        ]);

        const fetched = await request(server)
          .get(`${BASE}/requests/${response.body.id}`)
          .set(...as(ANA));
        expect(fetched.status).toBe(200);
        expect(fetched.body).toEqual(response.body);
      });

      it('prices MIG instances at the profile rate against their own quota', async () => {
        const response = await create(ANA, {
          ...valid,
          migProfile: '1g.10gb',
          count: 4,
          durationHours: 10,
        });
        expect(response.status).toBe(201);
        expect(response.body).toMatchObject({
          gpuHours: 40,
          estimatedCost: 28,
        });

        const quota = await request(server)
          .get(`${BASE}/quota`)
          .query({ team: TEAM })
          .set(...as(ANA));
        expect(quota.body.items).toEqual(
          expect.arrayContaining([
            {
              team: TEAM,
              cluster: '*',
              gpuClass: 'h100/1g.10gb',
              limit: 4,
              used: 4,
              remaining: 0,
            },
            {
              team: TEAM,
              cluster: '*',
              gpuClass: 'h100',
              limit: 8,
              used: 0,
              remaining: 8,
            },
          ]),
        );
      });

      it('returns the first request for a repeated Idempotency-Key with 200', async () => {
        const first = await create(ANA, valid, 'retry-1');
        const again = await create(ANA, valid, 'retry-1');
        expect(first.status).toBe(201);
        expect(again.status).toBe(200);
        expect(again.body.id).toBe(first.body.id);
        expect(mockCluster.applied).toHaveLength(1);

        const different = await create(ANA, { ...valid, count: 3 }, 'retry-1');
        expect(different.status).toBe(409);
        expect(different.body.error.message).toBe(
          'Idempotency-Key retry-1 was used for a different request (count differ)',
        );
      });

      it.each([
        [{ count: 0 }, ['count: must be at least 1']],
        [
          { count: 0, team: 'user:default/ana' },
          [
            'count: must be at least 1',
            'team: must be a group entity ref, e.g. group:default/ml-platform',
          ],
        ],
        [{ count: '2' }, ['count: must be a number']],
        [{ purpose: 'mining' }, ['purpose: must be one of training']],
        [{ justification: 'gpus' }, ['justification: must say in at least 10']],
        [
          { entityRef: 'api:default/x' },
          ['entityRef: must refer to a Component'],
        ],
        [{ extra: 1 }, ['extra: unknown field']],
      ])('answers %j with 400 naming the fields', async (change, messages) => {
        const response = await create(ANA, { ...valid, ...change });
        expect(response.status).toBe(400);
        expect(response.body.error.name).toBe('InputError');
        for (const message of messages) {
          expect(response.body.error.message).toContain(message);
        }
      });

      it.each([
        [
          { cluster: 'gpu-mars' },
          "cluster: unknown cluster 'gpu-mars'; one of gpu-dev, gpu-prod",
        ],
        [
          { gpuClass: 'b200' },
          "gpuClass: unknown GPU class 'b200'; one of h100, a100, l40s",
        ],
        [
          { gpuClass: 'l40s' },
          'gpuClass: l40s is not available on cluster gpu-prod',
        ],
        [
          { migProfile: '7g.80gb' },
          'migProfile: 7g.80gb is not a MIG profile of h100; one of 1g.10gb, 2g.20gb, 3g.40gb',
        ],
        [
          { gpuClass: 'a100', migProfile: '1g.10gb' },
          'migProfile: a100 cannot be split into MIG instances',
        ],
        [
          { durationHours: 721, count: 1 },
          'durationHours: must be at most 720 hours',
        ],
        [
          {
            cluster: 'gpu-dev',
            gpuClass: 'l40s',
            dataClassification: 'restricted',
          },
          'dataClassification: gpu-dev may hold public, internal data only, not restricted',
        ],
        [
          { entityRef: 'component:default/nope' },
          'entityRef: component:default/nope is not in the catalog',
        ],
      ])('answers a policy violation %j with 400', async (change, message) => {
        const response = await create(ANA, { ...valid, ...change });
        expect(response.status).toBe(400);
        expect(response.body.error.message).toBe(message);
        const [{ n }] = await knex('gpu_requests').count({ n: '*' });
        expect(Number(n)).toBe(0);
      });

      it('answers 403 to someone not in the team, naming it, and audits the failure', async () => {
        const response = await create(BO, valid);
        expect(response.status).toBe(403);
        expect(response.body.error).toMatchObject({
          name: 'NotAllowedError',
          message:
            'user:default/bo.builder is not a member of group:default/conversational-ai; only members of a team can request GPUs for it',
        });
        expect(auditEvents).toEqual([
          expect.objectContaining({
            eventId: 'gpu-request-create',
            status: 'failed',
            error: expect.stringContaining('is not a member'),
          }),
        ]);
      });

      it('answers 409 with what is left when the quota is used up', async () => {
        expect(
          (await create(ANA, { ...valid, count: 6, durationHours: 8 })).status,
        ).toBe(201);
        const response = await create(ANA, {
          ...valid,
          count: 4,
          durationHours: 8,
        });
        expect(response.status).toBe(409);
        expect(response.body.error).toMatchObject({
          name: 'ConflictError',
          message:
            'Quota exceeded for h100 in group:default/conversational-ai: requested 4, 2 of 8 GPUs left',
        });
      });

      it('answers 403 when the create permission is denied', async () => {
        const denied = await startTestGpuBackend({
          knex,
          deny: ['gpu.request.create'],
        });
        const response = await request(denied.server)
          .post(`${BASE}/requests`)
          .set(...as(ANA))
          .send(valid);
        expect(response.status).toBe(403);
        expect(response.body.error.message).toBe(
          'You are not allowed to request GPUs (gpu.request.create)',
        );
      });

      it('returns the request with the error when provisioning fails, for the loop to retry', async () => {
        mockCluster.failApplyWith = new Error('cluster unreachable');
        const response = await create(ANA, valid);
        expect(response.status).toBe(201);
        expect(response.body).toMatchObject({
          status: 'approved',
          lastError: expect.stringContaining('cluster unreachable'),
        });
        // Its quota stays reserved while the loop retries.
        const quota = await request(server)
          .get(`${BASE}/quota`)
          .query({ team: TEAM })
          .set(...as(ANA));
        expect(quota.body.items).toContainEqual(
          expect.objectContaining({ gpuClass: 'h100', used: 2 }),
        );
      });
    });

    describe('approvals', () => {
      const large = { ...valid, count: 8, durationHours: 48 };

      it('holds a large request for approval, and an approver grants it', async () => {
        const created = await create(ANA, large);
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({
          status: 'pending-approval',
          requiresApproval: true,
          gpuHours: 384,
        });
        expect(mockCluster.applied).toHaveLength(0);

        // The quota is held while waiting.
        const blocked = await create(ANA, {
          ...valid,
          count: 1,
          durationHours: 1,
        });
        expect(blocked.status).toBe(409);

        const byRequester = await request(server)
          .post(`${BASE}/requests/${created.body.id}/approve`)
          .set(...as(ANA));
        expect(byRequester.status).toBe(403);

        const approved = await request(server)
          .post(`${BASE}/requests/${created.body.id}/approve`)
          .set(...as(PAT));
        expect(approved.status).toBe(200);
        expect(approved.body).toMatchObject({
          status: 'active',
          decidedBy: PAT,
          decidedAt: expect.any(String),
        });
        expect(mockCluster.applied).toHaveLength(1);
        expect(sent).toEqual([
          {
            recipients: { type: 'entity', entityRef: ANA },
            payload: expect.objectContaining({
              title: 'GPU request approved: 8 × h100 on gpu-prod',
              topic: 'gpu-provisioning',
            }),
          },
        ]);
        expect(auditEvents.map(e => [e.eventId, e.status])).toEqual([
          ['gpu-request-create', 'succeeded'],
          ['gpu-request-create', 'failed'],
          ['gpu-request-approve', 'failed'],
          ['gpu-grant-apply', 'succeeded'],
          ['gpu-request-approve', 'succeeded'],
        ]);

        const twice = await request(server)
          .post(`${BASE}/requests/${created.body.id}/approve`)
          .set(...as(PAT));
        expect(twice.status).toBe(409);
        expect(twice.body.error.message).toContain(
          'is active, not pending-approval',
        );
      });

      it('rejects with a reason, gives the quota back and tells the requester', async () => {
        const created = await create(ANA, large);
        const noReason = await request(server)
          .post(`${BASE}/requests/${created.body.id}/reject`)
          .set(...as(PAT))
          .send({});
        expect(noReason.status).toBe(400);
        expect(noReason.body.error.message).toContain('reason:');

        const rejected = await request(server)
          .post(`${BASE}/requests/${created.body.id}/reject`)
          .set(...as(PAT))
          .send({ reason: 'Use the A100s for this' });
        expect(rejected.status).toBe(200);
        expect(rejected.body).toMatchObject({
          status: 'rejected',
          rejectionReason: 'Use the A100s for this',
          decidedBy: PAT,
        });
        expect(sent[0].payload).toMatchObject({
          description: expect.stringContaining('Use the A100s for this'),
          severity: 'high',
        });
        expect(
          (await create(ANA, { ...valid, count: 8, durationHours: 8 })).status,
        ).toBe(201);
      });

      it('does not let an approver decide on their own request', async () => {
        const created = await create(PAT, large);
        const response = await request(server)
          .post(`${BASE}/requests/${created.body.id}/approve`)
          .set(...as(PAT));
        expect(response.status).toBe(403);
        expect(response.body.error.message).toBe(
          'You cannot decide on your own GPU request',
        );
      });
    });

    describe('extend and release', () => {
      it('extends a grant up to the maximum and refuses beyond it', async () => {
        const created = await create(ANA, {
          ...valid,
          count: 1,
          durationHours: 190,
        });
        expect(created.body.status).toBe('active');
        // Up to the approval threshold (200 GPU-hours) the team extends...
        const withinThreshold = await request(server)
          .post(`${BASE}/requests/${created.body.id}/extend`)
          .set(...as(ANA))
          .send({ additionalHours: 10 });
        expect(withinThreshold.status).toBe(200);
        expect(withinThreshold.body.gpuHours).toBe(200);
        // ...past it, only an approver other than the requester may.
        const pastThreshold = await request(server)
          .post(`${BASE}/requests/${created.body.id}/extend`)
          .set(...as(ANA))
          .send({ additionalHours: 520 });
        expect(pastThreshold.status).toBe(403);
        expect(pastThreshold.body.error.message).toContain(
          'to 720 GPU-hours passes the approval threshold of 200 GPU-hours',
        );
        const extended = await request(server)
          .post(`${BASE}/requests/${created.body.id}/extend`)
          .set(...as(PAT))
          .send({ additionalHours: 520 });
        expect(extended.status).toBe(200);
        expect(extended.body).toMatchObject({
          durationHours: 720,
          gpuHours: 720,
          estimatedCost: 3240,
        });
        expect(
          Date.parse(extended.body.expiresAt) -
            Date.parse(created.body.expiresAt),
        ).toBe(530 * 3_600_000);

        const over = await request(server)
          .post(`${BASE}/requests/${created.body.id}/extend`)
          .set(...as(PAT))
          .send({ additionalHours: 1 });
        expect(over.status).toBe(400);
        expect(over.body.error.message).toContain(
          'over the maximum of 720 hours',
        );
      });

      it('releases a grant: off the cluster, quota back, only by its team', async () => {
        const created = await create(ANA, {
          ...valid,
          count: 8,
          durationHours: 8,
        });

        const byOutsider = await request(server)
          .post(`${BASE}/requests/${created.body.id}/release`)
          .set(...as(BO));
        expect(byOutsider.status).toBe(403);

        const released = await request(server)
          .post(`${BASE}/requests/${created.body.id}/release`)
          .set(...as(ANA));
        expect(released.status).toBe(200);
        expect(released.body).toMatchObject({
          status: 'released',
          endedAt: expect.any(String),
        });
        expect(mockCluster.removed).toHaveLength(1);
        expect(
          auditEvents.filter(e => e.eventId === 'gpu-request-release'),
        ).toEqual([
          expect.objectContaining({ status: 'failed' }),
          expect.objectContaining({ status: 'succeeded' }),
        ]);

        const again = await request(server)
          .post(`${BASE}/requests/${created.body.id}/release`)
          .set(...as(ANA));
        expect(again.status).toBe(409);
        expect(
          (await create(ANA, { ...valid, count: 8, durationHours: 8 })).status,
        ).toBe(201);
      });

      it('withdraws a request still waiting for approval', async () => {
        const created = await create(ANA, {
          ...valid,
          count: 8,
          durationHours: 48,
        });
        const released = await request(server)
          .post(`${BASE}/requests/${created.body.id}/release`)
          .set(...as(ANA));
        expect(released.body.status).toBe('released');
        expect(mockCluster.removed).toHaveLength(0);
      });
    });

    describe('reading requests', () => {
      it.each([
        ['get', ''],
        ['post', '/approve'],
        ['post', '/reject'],
        ['post', '/extend'],
        ['post', '/release'],
      ] as const)(
        'answers 404 to %s an unknown id%s',
        async (method, suffix) => {
          const call = request(server)
            [method](
              `${BASE}/requests/3f0c9a8e-9a4b-4a57-8a43-1d2d2b1e9c11${suffix}`,
            )
            .set(...as(PAT));
          const bodies: Record<string, object> = {
            '/reject': { reason: 'no thanks' },
            '/extend': { additionalHours: 1 },
          };
          const response = await (bodies[suffix]
            ? call.send(bodies[suffix])
            : call);
          expect(response.status).toBe(404);
          expect(response.body.error.name).toBe('NotFoundError');
        },
      );

      it('answers 400 to an id that is not a uuid', async () => {
        const response = await request(server)
          .get(`${BASE}/requests/not-an-id`)
          .set(...as(ANA));
        expect(response.status).toBe(400);
      });

      it('lets requesters and their teams read, and approvers read all', async () => {
        const mine = (await create(ANA, valid)).body;
        const theirs = (
          await create(BO, {
            ...valid,
            team: 'group:default/vision',
            entityRef: undefined,
          })
        ).body;

        const list = (user: string, query: Record<string, string | string[]>) =>
          request(server)
            .get(`${BASE}/requests`)
            .query(query)
            .set(...as(user));
        const ids = (response: request.Response) =>
          response.body.items.map((r: { id: string }) => r.id);

        expect(ids(await list(ANA, {}))).toEqual([mine.id]);
        expect(ids(await list(BO, { scope: 'mine' }))).toEqual([theirs.id]);
        expect(ids(await list(PAT, { scope: 'team' }))).toEqual([mine.id]);
        expect((await list(ANA, { scope: 'all' })).status).toBe(403);
        expect(new Set(ids(await list(PAT, { scope: 'all' })))).toEqual(
          new Set([mine.id, theirs.id]),
        );
        expect(
          ids(await list(PAT, { scope: 'all', team: 'group:default/vision' })),
        ).toEqual([theirs.id]);
        expect(
          ids(await list(PAT, { scope: 'all', status: 'active' })),
        ).toHaveLength(2);
        expect(
          ids(
            await list(PAT, { scope: 'all', status: ['released', 'rejected'] }),
          ),
        ).toEqual([]);
        expect(
          ids(
            await list(PAT, {
              scope: 'all',
              entityRef: 'component:default/assistant-api',
            }),
          ),
        ).toEqual([mine.id]);
        expect((await list(ANA, { scope: 'everything' })).status).toBe(400);
        expect((await list(ANA, { status: 'sleeping' })).status).toBe(400);
        expect((await list(ANA, { unknown: 'x' })).status).toBe(400);

        const outsider = await request(server)
          .get(`${BASE}/requests/${mine.id}`)
          .set(...as(BO));
        expect(outsider.status).toBe(403);
        const teammate = await request(server)
          .get(`${BASE}/requests/${mine.id}`)
          .set(...as(PAT));
        expect(teammate.status).toBe(200);
      });
    });

    describe('capacity, classes, quota', () => {
      it('reports capacity with the portal’s active grants', async () => {
        await create(ANA, { ...valid, count: 6, durationHours: 8 });
        const response = await request(server)
          .get(`${BASE}/capacity`)
          .set(...as(ANA));
        expect(response.status).toBe(200);
        expect(response.body.errors).toEqual([]);
        expect(response.body.items).toContainEqual({
          cluster: 'gpu-prod',
          gpuClass: 'h100',
          displayName: 'NVIDIA H100 80GB',
          resource: 'nvidia.com/gpu',
          memoryMiB: 81559,
          hourlyRate: 4.5,
          total: 32,
          inUse: 4,
          granted: 6,
          free: 26,
        });
        expect(auditEvents).toContainEqual(
          expect.objectContaining({
            eventId: 'gpu-capacity-read',
            status: 'succeeded',
          }),
        );
      });

      it('lists classes with their clusters and the policy', async () => {
        const response = await request(server)
          .get(`${BASE}/classes`)
          .set(...as(ANA));
        expect(response.status).toBe(200);
        expect(
          response.body.classes.map((c: GpuClassInfo) => [c.id, c.clusters]),
        ).toEqual([
          ['h100', ['gpu-prod']],
          ['a100', ['gpu-prod']],
          ['l40s', ['gpu-dev']],
        ]);
        expect(response.body.classes[0].migProfiles).toHaveLength(3);
        expect(response.body.policy).toEqual({
          maxDurationHours: 720,
          approvalThresholdGpuHours: 200,
          clusterDataClassifications: {
            'gpu-dev': ['public', 'internal'],
            'gpu-prod': ['public', 'internal', 'confidential', 'restricted'],
          },
        });
      });

      it('reports the quotas of the caller’s teams, and team overrides', async () => {
        const mine = await request(server)
          .get(`${BASE}/quota`)
          .set(...as(PAT));
        expect(new Set(mine.body.items.map((q: TeamQuota) => q.team))).toEqual(
          new Set([
            'group:default/conversational-ai',
            'group:default/platform-engineering',
          ]),
        );
        // Other teams' quotas are for their members, the teams above and approvers
        // (plugin.access.test.ts).
        const vision = await request(server)
          .get(`${BASE}/quota`)
          .query({ team: 'group:default/vision' })
          .set(...as(BO));
        expect(vision.body.items).toContainEqual({
          team: 'group:default/vision',
          cluster: '*',
          gpuClass: 'h100',
          limit: 64,
          used: 0,
          remaining: 64,
        });
      });
    });

    describe('GET /start-estimate', () => {
      const ask = { team: TEAM, cluster: 'gpu-prod', gpuClass: 'h100' };
      const estimate = (user: string, query: object) =>
        request(server)
          .get(`${BASE}/start-estimate`)
          .query(query)
          .set(...as(user));

      it('says a request fits now, with the free GPUs the capacity API shows', async () => {
        const capacity = await request(server)
          .get(`${BASE}/capacity`)
          .set(...as(ANA));
        const item = capacity.body.items.find(
          (i: { cluster: string; gpuClass: string; migProfile?: string }) =>
            i.cluster === 'gpu-prod' && i.gpuClass === 'h100' && !i.migProfile,
        );
        const response = await estimate(ANA, {
          ...ask,
          count: 2,
          durationHours: 8,
        });
        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          outcome: 'now',
          quotaLimit: 8,
          quotaLeft: 8,
          freeNow: item.free,
          requiresApproval: false,
          reason: `Can start now: 8 of 8 H100 GPUs of your team's quota are left and gpu-prod has ${item.free} free.`,
        });
      });

      it("says when the team's own grants free enough quota, and why", async () => {
        const first = await create(ANA, {
          ...valid,
          count: 6,
          durationHours: 8,
        });
        expect(first.status).toBe(201);
        expect(
          (await create(ANA, { ...valid, count: 2, durationHours: 24 })).status,
        ).toBe(201);

        const response = await estimate(ANA, {
          ...ask,
          count: 4,
          durationHours: 8,
        });
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          outcome: 'later',
          startsAt: first.body.expiresAt,
          binding: 'quota',
          waitsFor: 1,
          quotaLimit: 8,
          quotaLeft: 0,
          reason:
            "Starts in about 8 h, when 1 grant ends: your team's quota has 0 of 8 H100 GPUs left and you asked for 4.",
        });
        expect(auditEvents).toContainEqual(
          expect.objectContaining({
            eventId: 'gpu-start-estimate',
            status: 'succeeded',
          }),
        );
      });

      it('gives a likely start from how early past grants of the class ended', async () => {
        // Five past H100 grants, each released halfway through its 8 hours.
        const hour = 3_600_000;
        const ago = (h: number) =>
          new Date(Date.now() - h * hour).toISOString();
        for (let i = 0; i < 5; i++) {
          const past = await create(ANA, {
            ...valid,
            count: 1,
            durationHours: 8,
          });
          expect(past.status).toBe(201);
          const released = await request(server)
            .post(`${BASE}/requests/${past.body.id}/release`)
            .set(...as(ANA));
          expect(released.status).toBe(200);
          await knex('gpu_requests')
            .where({ id: past.body.id })
            .update({
              active_since: ago(30),
              expires_at: ago(22),
              ended_at: ago(26),
            });
        }
        const first = await create(ANA, {
          ...valid,
          count: 6,
          durationHours: 8,
        });
        await create(ANA, { ...valid, count: 2, durationHours: 24 });

        const response = await estimate(ANA, {
          ...ask,
          count: 4,
          durationHours: 8,
        });
        expect(response.body).toMatchObject({
          outcome: 'later',
          startsAt: first.body.expiresAt,
          startsRange: { to: first.body.expiresAt, basedOn: 5 },
        });
        // Halfway through the 8 hours the blocking grant booked.
        const likely = Date.parse(response.body.startsRange.likely);
        const halfway =
          (Date.parse(first.body.activeSince) +
            Date.parse(first.body.expiresAt)) /
          2;
        expect(Math.abs(likely - halfway)).toBeLessThan(1000);
        expect(response.body.startsRange.from).toBe(
          response.body.startsRange.likely,
        );
        expect(response.body.reason).toContain(
          'Grants of H100 GPUs ended at a median 50% of their booked time (5 in the last 30 days), so it likely starts in about 4 h.',
        );
      });

      it('says more than the whole quota never fits, and names the approval step', async () => {
        const over = await estimate(ANA, {
          ...ask,
          count: 9,
          durationHours: 8,
        });
        expect(over.body).toMatchObject({
          outcome: 'over-quota',
          reason:
            "Cannot start: you asked for 9 H100 GPUs and your team's whole quota is 8; ask for at most 8, or for a larger quota.",
        });
        const large = await estimate(ANA, {
          ...ask,
          count: 8,
          durationHours: 48,
        });
        expect(large.body).toMatchObject({
          outcome: 'now',
          requiresApproval: true,
          reason: expect.stringContaining(
            'above the approval threshold, so an approver must say yes first',
          ),
        });
      });

      it('answers 400 naming the field, and 403 to non-members', async () => {
        const unknown = await estimate(ANA, {
          ...ask,
          gpuClass: 'z100',
          count: 1,
          durationHours: 8,
        });
        expect(unknown.status).toBe(400);
        expect(unknown.body.error.message).toMatch(
          /^gpuClass: unknown GPU class 'z100'/,
        );
        const restricted = await estimate(ANA, {
          ...ask,
          cluster: 'gpu-dev',
          gpuClass: 'a100',
          count: 1,
          durationHours: 8,
          dataClassification: 'restricted',
        });
        expect(restricted.status).toBe(400);
        expect(restricted.body.error.message).toContain(
          'dataClassification: gpu-dev may hold public, internal data only, not restricted',
        );
        const stranger = await estimate(BO, {
          ...ask,
          count: 1,
          durationHours: 8,
        });
        expect(stranger.status).toBe(403);
      });
    });

    describe('malformed payloads', () => {
      const fields = [...Object.keys(valid), 'migProfile'];
      const malformed = fc
        .oneof(
          fc.jsonValue(),
          fc
            .record({ key: fc.constantFrom(...fields), value: fc.jsonValue() })
            .map(({ key, value }) => ({ ...valid, [key]: value })),
          fc
            .subarray(fields, { minLength: 1 })
            .map(dropped =>
              Object.fromEntries(
                Object.entries(valid).filter(([k]) => !dropped.includes(k)),
              ),
            ),
          fc
            .dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 })
            .map(extra => ({ ...valid, ...extra })),
        )
        .filter(payload => !gpuRequestInputSchema.safeParse(payload).success);

      const snapshot = async () => ({
        requests: await knex('gpu_requests').orderBy('id'),
        ledger: await knex('gpu_quota_usage').orderBy('quota_key'),
      });

      it('answers every malformed request with 4xx and changes nothing', async () => {
        expect((await create(ANA, { ...valid, count: 1 })).status).toBe(201);
        const before = await snapshot();
        await fc.assert(
          fc.asyncProperty(malformed, async payload => {
            const response = await request(server)
              .post(`${BASE}/requests`)
              .set(...as(ANA))
              .set('Content-Type', 'application/json')
              .send(JSON.stringify(payload));
            expect(response.status).toBeGreaterThanOrEqual(400);
            expect(response.status).toBeLessThan(500);
            expect(response.body.error.message).toEqual(expect.any(String));
          }),
          { numRuns: 150 },
        );
        expect(await snapshot()).toEqual(before);
      });

      it('answers bodies that are not JSON with 400', async () => {
        await fc.assert(
          fc.asyncProperty(fc.string(), async text => {
            const response = await request(server)
              .post(`${BASE}/requests`)
              .set(...as(ANA))
              .set('Content-Type', 'application/json')
              .send(`{${text}`);
            expect(response.status).toBe(400);
          }),
          { numRuns: 50 },
        );
        const [{ n }] = await knex('gpu_requests').count({ n: '*' });
        expect(Number(n)).toBe(0);
      });
    });

    describe('permission integration', () => {
      it('publishes its permissions and rules', async () => {
        const response = await request(server)
          .get(`${BASE}/.well-known/backstage/permissions/metadata`)
          .set('Authorization', mockCredentials.service.header());
        expect(response.status).toBe(200);
        expect(
          response.body.permissions.map((p: { name: string }) => p.name).sort(),
        ).toEqual([
          'gpu.approver',
          'gpu.capacity.read',
          'gpu.request.approve',
          'gpu.request.create',
          'gpu.request.read',
          'gpu.request.update',
        ]);
        expect(
          response.body.rules.map((r: { name: string }) => r.name).sort(),
        ).toEqual(['IS_REQUESTER', 'IS_TEAM']);
      });

      it.each([
        [{ rule: 'IS_REQUESTER', params: { userRefs: [ANA] } }, 'ALLOW'],
        [{ rule: 'IS_REQUESTER', params: { userRefs: [BO] } }, 'DENY'],
        [{ rule: 'IS_TEAM', params: { teamRefs: [TEAM] } }, 'ALLOW'],
        [
          { rule: 'IS_TEAM', params: { teamRefs: ['group:default/vision'] } },
          'DENY',
        ],
      ])(
        'evaluates %j on a stored request for the permission backend',
        async (condition, result) => {
          const created = await create(ANA, valid);
          const response = await request(server)
            .post(`${BASE}/.well-known/backstage/permissions/apply-conditions`)
            .set('Authorization', mockCredentials.service.header())
            .send({
              items: [
                {
                  id: 'check',
                  resourceRef: created.body.id,
                  resourceType: 'gpu-request',
                  conditions: { resourceType: 'gpu-request', ...condition },
                },
              ],
            });
          expect(response.status).toBe(200);
          expect(response.body.items).toEqual([{ id: 'check', result }]);
        },
      );
    });

    it('serves its OpenAPI document', async () => {
      const response = await request(server)
        .get(`${BASE}/openapi.json`)
        .set(...as(ANA));
      expect(response.status).toBe(200);
      expect(response.body.openapi).toBe('3.0.3');
      expect(Object.keys(response.body.paths)).toContain(
        '/api/gpu-provisioning/requests/{id}/approve',
      );
    });
  },
);
