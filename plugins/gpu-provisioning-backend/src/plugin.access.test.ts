import {
  RecordedAuditEvent,
  createTestDatabases,
} from '@ai-platform/test-utils';
import { mockCredentials } from '@backstage/backend-test-utils';
import { TeamQuota } from '@ai-platform/plugin-gpu-provisioning-common';
import { Knex } from 'knex';
import request from 'supertest';
import { testConfig } from './__fixtures__/config';
import { ANA, BO, DEE, EVE, PAT } from './__fixtures__/entities';
import { FakeCluster } from './__testUtils__/FakeCluster';
import { as, startTestGpuBackend } from './__testUtils__/startTestGpuBackend';
import { loadOpenApiSpec } from './schema/openApiSpec';

// Who may attach a grant to what, who may read which quota, and what service
// principals may do: the real plugin, store and router on SQLite and
// PostgreSQL, with the Kubernetes side replaced by the in-memory cluster that
// records every applied grant (as in plugin.test.ts).
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
const ID = '3f0c9a8e-9a4b-4a57-8a43-1d2d2b1e9c11';
const SERVICE: [string, string] = [
  'Authorization',
  mockCredentials.service.header(),
];

const small = {
  team: 'group:default/conversational-ai',
  cluster: 'gpu-prod',
  gpuClass: 'h100',
  count: 1,
  durationHours: 8,
  purpose: 'training',
  dataClassification: 'internal',
  justification: 'Evaluating the assistant on the regression suite',
};

describe.each(databases.eachSupportedId())(
  'gpu-provisioning access on %p',
  databaseId => {
    let knex: Knex;
    let server: Awaited<ReturnType<typeof startTestGpuBackend>>['server'];
    let auditEvents: RecordedAuditEvent[];

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      ({ server, auditEvents } = await startTestGpuBackend({ knex }));
    });

    beforeEach(async () => {
      await knex('gpu_requests').delete();
      await knex('gpu_quota_usage').delete();
      mockCluster.applied.length = 0;
      auditEvents.length = 0;
    });

    const snapshot = async () => ({
      requests: await knex('gpu_requests').orderBy('id'),
      ledger: await knex('gpu_quota_usage').orderBy(['team', 'quota_key']),
      applied: mockCluster.applied.length,
    });

    const create = (user: string, body: object) =>
      request(server)
        .post(`${BASE}/requests`)
        .set(...as(user))
        .send(body);

    describe('the entity of a grant', () => {
      it.each([
        [
          'the team itself',
          ANA,
          'group:default/conversational-ai',
          'component:default/assistant-api',
        ],
        [
          'a sub-team (spec.parent, bare owner name)',
          ANA,
          'group:default/conversational-ai',
          'component:default/eval-harness',
        ],
        [
          'the team, spelled in another case',
          ANA,
          'Group:Default/Conversational-AI',
          'Component:default/Assistant-API',
        ],
        [
          'a sub-team of the team above (ownedBy relation in another case)',
          DEE,
          'group:default/ai-division',
          'component:default/vision-model',
        ],
      ])('may be owned by %s', async (_case, user, team, entityRef) => {
        const response = await create(user, { ...small, team, entityRef });
        expect(response.status).toBe(201);
        expect(response.body).toMatchObject({
          team: team.toLocaleLowerCase('en-US'),
          entityRef: entityRef.toLocaleLowerCase('en-US'),
          status: 'active',
        });
        expect(mockCluster.applied).toHaveLength(1);
      });

      it.each([
        [
          'another team',
          ANA,
          'group:default/conversational-ai',
          'component:default/vision-model',
          'component:default/vision-model is owned by group:default/vision, not by group:default/conversational-ai or a team below it',
        ],
        [
          'the team above (a sub-team cannot charge its parent)',
          EVE,
          'group:default/assistant-evals',
          'component:default/assistant-api',
          'component:default/assistant-api is owned by group:default/conversational-ai, not by group:default/assistant-evals or a team below it',
        ],
      ])(
        'is refused with 403 naming the owner when owned by %s, writing nothing',
        async (_case, user, team, entityRef, message) => {
          const before = await snapshot();
          const response = await create(user, { ...small, team, entityRef });
          expect(response.status).toBe(403);
          expect(response.body.error).toMatchObject({
            name: 'NotAllowedError',
            message,
          });
          expect(await snapshot()).toEqual(before);
          expect(before.requests).toEqual([]);
          expect(before.ledger).toEqual([]);
          expect(mockCluster.applied).toEqual([]);
          expect(auditEvents).toEqual([
            expect.objectContaining({
              eventId: 'gpu-request-create',
              status: 'failed',
              error: message,
            }),
          ]);
        },
      );

      it('is refused for a request held for approval too, before quota is reserved', async () => {
        const response = await create(ANA, {
          ...small,
          count: 8,
          durationHours: 100,
          entityRef: 'component:default/vision-model',
        });
        expect(response.status).toBe(403);
        expect(await snapshot()).toEqual({
          requests: [],
          ledger: [],
          applied: 0,
        });
      });
    });

    describe('GET /quota?team=', () => {
      const quotaOf = (team: string, auth: [string, string]) =>
        request(server)
          .get(`${BASE}/quota`)
          .query({ team })
          .set(...auth);

      it.each([
        ['a member of the team', as(BO)],
        ['a member of the team above it', as(DEE)],
        ['an approver (holds gpu.request.approve)', as(PAT)],
        ['another backend (service principal)', SERVICE],
      ])('answers %s', async (_who, auth) => {
        const response = await quotaOf('group:default/vision', auth);
        expect(response.status).toBe(200);
        expect(response.body.items).toContainEqual({
          team: 'group:default/vision',
          cluster: '*',
          gpuClass: 'h100',
          limit: 64,
          used: 0,
          remaining: 64,
        });
      });

      it.each([
        ['a member of another team', ANA, 'group:default/vision'],
        ['a member of a team below it', EVE, 'group:default/conversational-ai'],
      ])('refuses %s with 403', async (_who, user, team) => {
        const response = await quotaOf(team, as(user));
        expect(response.status).toBe(403);
        expect(response.body.error).toMatchObject({
          name: 'NotAllowedError',
          message: `You may not read the quota of ${team}: only its members, members of the teams above it and approvers may`,
        });
      });

      it('compares the team case-insensitively', async () => {
        const response = await quotaOf('Group:Default/VISION', as(BO));
        expect(response.status).toBe(200);
        expect(
          new Set(response.body.items.map((q: TeamQuota) => q.team)),
        ).toEqual(new Set(['group:default/vision']));
      });

      it('answers 400 to a team that is not a group ref', async () => {
        const response = await quotaOf('user:default/bo.builder', as(BO));
        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(/^team: /);
      });

      it('answers only the caller’s own teams without team', async () => {
        const response = await request(server)
          .get(`${BASE}/quota`)
          .set(...as(DEE));
        expect(response.status).toBe(200);
        expect(
          new Set(response.body.items.map((q: TeamQuota) => q.team)),
        ).toEqual(new Set(['group:default/ai-division']));
      });
    });

    describe('service principals', () => {
      // Every state-changing operation of the contract, so a new one is covered too.
      const spec = loadOpenApiSpec() as {
        paths: Record<string, Record<string, unknown>>;
      };
      const changes = Object.entries(spec.paths).flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m): m is 'post' | 'put' | 'patch' | 'delete' =>
            ['post', 'put', 'patch', 'delete'].includes(m),
          )
          .map(m => [m, path.replace('{id}', ID)] as const),
      );

      it('finds the state-changing routes in the contract', () => {
        expect(changes.map(([m, p]) => `${m} ${p}`)).toEqual([
          'post /requests',
          `post /requests/${ID}/approve`,
          `post /requests/${ID}/reject`,
          `post /requests/${ID}/extend`,
          `post /requests/${ID}/release`,
          `post /requests/${ID}/withdraw`,
          `post /requests/${ID}/shrink`,
          `post /requests/${ID}/idle-notice`,
          `post /requests/${ID}/keep`,
        ]);
      });

      // Withdraw is the one route a service may call: its own tests below.
      const refused = changes.filter(([, path]) => !path.endsWith('/withdraw'));

      it.each(refused)(
        'refuses %s %s with 403 before validating the body',
        async (method, path) => {
          for (const body of [
            '{"not":"valid"}',
            '{broken json',
            JSON.stringify({ ...small, count: 0 }),
          ]) {
            const response = await request(server)
              [method](`${BASE}${path}`)
              .set(...SERVICE)
              .set('Content-Type', 'application/json')
              .send(body);
            expect(response.status).toBe(403);
            expect(response.body.error.name).toBe('NotAllowedError');
          }
        },
      );

      describe('withdrawing a request made on a user’s behalf', () => {
        const viaScaffolder: [string, string] = [
          'Authorization',
          `Bearer ${mockCredentials.user.token(ANA, {
            actor: { subject: 'plugin:scaffolder' },
          })}`,
        ];
        const serviceHeader = (subject: string): [string, string] => [
          'Authorization',
          mockCredentials.service.header({
            onBehalfOf: mockCredentials.service(subject),
            targetPluginId: 'gpu-provisioning',
          }),
        ];
        const withdraw = (id: string, header: [string, string]) =>
          request(server)
            .post(`${BASE}/requests/${id}/withdraw`)
            .set(...header);
        const held = { ...small, count: 4, durationHours: 100 };

        it('records the acting service and lets it, and only it, withdraw while pending', async () => {
          const made = await request(server)
            .post(`${BASE}/requests`)
            .set(...viaScaffolder)
            .send(held);
          expect(made.status).toBe(201);
          expect(made.body).toMatchObject({
            status: 'pending-approval',
            requestedBy: ANA,
            requestedVia: 'plugin:scaffolder',
          });
          const before = await snapshot();

          for (const other of [
            serviceHeader('plugin:catalog'),
            SERVICE,
          ] as const) {
            const refusedAnswer = await withdraw(made.body.id, other);
            expect(refusedAnswer.status).toBe(403);
            expect(refusedAnswer.body.error.message).toContain(
              `only the service that asked on the requester's behalf (plugin:scaffolder) may withdraw it`,
            );
          }
          expect(await snapshot()).toEqual(before);

          const withdrawn = await withdraw(
            made.body.id,
            serviceHeader('plugin:scaffolder'),
          );
          expect(withdrawn.status).toBe(200);
          expect(withdrawn.body.status).toBe('released');
          const ledger = await knex('gpu_quota_usage');
          expect(ledger.map(row => Number(row.reserved))).toEqual(
            ledger.map(() => 0),
          );
          expect(
            auditEvents.filter(e => e.eventId === 'gpu-request-withdraw'),
          ).toEqual([
            expect.objectContaining({ status: 'failed' }),
            expect.objectContaining({ status: 'failed' }),
            expect.objectContaining({
              status: 'succeeded',
              meta: {
                actor: 'plugin:scaffolder',
                requestId: made.body.id,
                status: 'released',
                requestedVia: 'plugin:scaffolder',
              },
            }),
          ]);

          const again = await withdraw(
            made.body.id,
            serviceHeader('plugin:scaffolder'),
          );
          expect(again.status).toBe(409);
        });

        it('refuses a service on requests it did not make, or that no longer wait', async () => {
          const direct = await create(ANA, held);
          expect(direct.body.requestedVia).toBeUndefined();
          expect(
            (await withdraw(direct.body.id, serviceHeader('plugin:scaffolder')))
              .status,
          ).toBe(403);

          const granted = await request(server)
            .post(`${BASE}/requests`)
            .set(...viaScaffolder)
            .send(small);
          expect(granted.body.status).not.toBe('pending-approval');
          const late = await withdraw(
            granted.body.id,
            serviceHeader('plugin:scaffolder'),
          );
          expect(late.status).toBe(409);
          expect(late.body.error.message).toContain(
            'only a request waiting for an approver can be withdrawn',
          );
        });

        it('lets the requester withdraw and refuses other users', async () => {
          const made = await create(ANA, held);
          expect((await withdraw(made.body.id, as(EVE))).status).toBe(403);
          const own = await withdraw(made.body.id, as(ANA));
          expect(own.status).toBe(200);
          expect(own.body.status).toBe('released');
        });
      });

      it('cannot create a request even with a valid body', async () => {
        const response = await request(server)
          .post(`${BASE}/requests`)
          .set(...SERVICE)
          .send({ ...small, entityRef: 'component:default/assistant-api' });
        expect(response.status).toBe(403);
        expect(await snapshot()).toEqual({
          requests: [],
          ledger: [],
          applied: 0,
        });
      });

      it('reads every GET route of the contract', async () => {
        const created = await create(ANA, small);
        expect(created.status).toBe(201);
        // Held for approval, so its queue position needs no cluster (the
        // fake provisioner has none to read).
        const held = await create(ANA, {
          ...small,
          count: 4,
          durationHours: 100,
        });
        expect(held.body.status).toBe('pending-approval');
        const reads: Record<string, string> = {
          '/capacity': '/capacity',
          '/classes': '/classes',
          '/quota': `/quota?team=${encodeURIComponent(
            'group:default/conversational-ai',
          )}`,
          '/quota-sharing': `/quota-sharing?team=${encodeURIComponent(
            'group:default/conversational-ai',
          )}`,
          '/requests': '/requests?scope=all',
          '/requests/{id}': `/requests/${created.body.id}`,
          '/requests/{id}/queue-position': `/requests/${held.body.id}/queue-position`,
          '/openapi.json': '/openapi.json',
          '/start-estimate': `/start-estimate?team=${encodeURIComponent(
            'group:default/conversational-ai',
          )}&cluster=gpu-prod&gpuClass=h100&count=1&durationHours=8`,
          '/calendar': '/calendar?cluster=gpu-prod&gpuClass=h100&days=1',
          '/idle-grants': '/idle-grants',
          '/idle-policy/report': '/idle-policy/report',
        };
        const gets = Object.entries(spec.paths)
          .filter(([, ops]) => 'get' in ops)
          .map(([path]) => path);
        expect(Object.keys(reads).sort()).toEqual(gets.sort());
        for (const path of Object.values(reads)) {
          const response = await request(server)
            .get(`${BASE}${path}`)
            .set(...SERVICE);
          expect({
            path,
            status: response.status,
            error: response.body.error?.message,
          }).toEqual({ path, status: 200, error: undefined });
        }
      });
    });
  },
);

describe('case-insensitive config refs', () => {
  it.each(databases.eachSupportedId())(
    'matches approvers and team quotas however the config spells them, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { server } = await startTestGpuBackend({
        knex,
        config: {
          gpuProvisioning: {
            ...testConfig.gpuProvisioning,
            approvers: ['Group:Default/Platform-Engineering'],
            policy: {
              ...testConfig.gpuProvisioning.policy,
              teamQuotas: [
                { team: 'GROUP:default/Vision', quota: { h100: 64 } },
              ],
            },
          },
        },
      });

      const quota = await request(server)
        .get(`${BASE}/quota`)
        .query({ team: 'group:default/vision' })
        .set(...as(BO));
      expect(quota.body.items).toContainEqual(
        expect.objectContaining({ gpuClass: 'h100', limit: 64 }),
      );

      const held = await request(server)
        .post(`${BASE}/requests`)
        .set(...as(ANA))
        .send({ ...small, count: 8, durationHours: 100 });
      expect(held.body.status).toBe('pending-approval');
      const approved = await request(server)
        .post(`${BASE}/requests/${held.body.id}/approve`)
        .set(...as(PAT));
      expect(approved.status).toBe(200);
      expect(approved.body.decidedBy).toBe(PAT);
    },
  );
});
