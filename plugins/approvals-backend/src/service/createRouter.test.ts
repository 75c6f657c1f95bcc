import {
  createTestDatabases,
  RecordedAuditEvent,
} from '@ai-platform/test-utils';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { testUsers } from '../__fixtures__/entities';
import {
  as,
  asService,
  startTestApprovalsBackend,
} from '../__testUtils__/startTestApprovalsBackend';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const BASE = '/api/approvals';
const GROUP = 'group:default/ml-platform';
const UNKNOWN_ID = '3f0c9a8e-9a4b-4a57-8a43-1d2d2b1e9c11';

/** A user token as the scaffolder forwards it on the user's behalf. */
function viaScaffolder(userEntityRef: string): [string, string] {
  return [
    'Authorization',
    `Bearer ${mockCredentials.user.token(userEntityRef, {
      actor: { subject: 'plugin:scaffolder' },
    })}`,
  ];
}

/** The header of another plugin calling with its own token. */
function serviceHeader(subject: string): string {
  return mockCredentials.service.header({
    onBehalfOf: mockCredentials.service(subject),
    targetPluginId: 'approvals',
  });
}

describe.each(databases.eachSupportedId())(
  'approvals API on %p',
  databaseId => {
    let knex: Knex;
    let server: Awaited<ReturnType<typeof startTestApprovalsBackend>>['server'];
    let auditEvents: RecordedAuditEvent[];

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      ({ server, auditEvents } = await startTestApprovalsBackend({ knex }));
    });

    beforeEach(async () => {
      await knex('approvals').delete();
      auditEvents.length = 0;
    });

    const create = (
      body: object = { approverGroup: GROUP, title: 'Publish model m1' },
      auth: [string, string] = viaScaffolder(testUsers.requester),
    ) =>
      request(server)
        .post(`${BASE}/approvals`)
        .set(...auth)
        .send(body);
    const inbox = (user: string, query = 'status=pending&mine=approver') =>
      request(server)
        .get(`${BASE}/approvals?${query}`)
        .set(...as(user));
    const decide = (id: string, user: string, body: object) =>
      request(server)
        .post(`${BASE}/approvals/${id}/decision`)
        .set(...as(user))
        .send(body);

    it.each([
      ['get', '/approvals'],
      ['post', '/approvals'],
      ['get', `/approvals/${UNKNOWN_ID}`],
      ['post', `/approvals/${UNKNOWN_ID}/decision`],
      ['post', `/approvals/${UNKNOWN_ID}/withdraw`],
    ] as const)('refuses %s %s without credentials', async (method, path) => {
      const res = await request(server)[method](`${BASE}${path}`);
      expect(res.status).toBe(401);
    });

    it('records the requester and the acting service, audited', async () => {
      const res = await create({
        approverGroup: 'Group:default/ML-Platform',
        title: 'Publish model m1',
        description: 'To production',
        link: 'http://localhost:3000/create/tasks/1',
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'pending',
        approverGroup: GROUP,
        title: 'Publish model m1',
        requestedBy: testUsers.requester,
        requestedVia: 'plugin:scaffolder',
      });
      expect(auditEvents).toEqual([
        expect.objectContaining({
          eventId: 'approval-create',
          status: 'succeeded',
          meta: expect.objectContaining({ approvalId: res.body.id }),
        }),
      ]);
    });

    it.each([
      [{ title: 'x' }, 'approverGroup'],
      [{ approverGroup: GROUP }, 'title'],
      [{ approverGroup: 'group:default/nowhere', title: 'x' }, 'approverGroup'],
      [{ approverGroup: 'user:default/abe', title: 'x' }, 'approverGroup'],
      [
        { approverGroup: GROUP, title: 'x', link: 'ftp://example.com/x' },
        'link',
      ],
      [{ approverGroup: GROUP, title: 'x', expiresAt: 'soon' }, 'expiresAt'],
      [
        { approverGroup: GROUP, title: 'x', expiresAt: '2020-01-01T00:00:00Z' },
        'expiresAt',
      ],
      [{ approverGroup: GROUP, title: 'x', bogus: 1 }, 'bogus'],
    ])('answers 400 naming the field for %j', async (body, field) => {
      const res = await create(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(`${field}:`);
    });

    it('gives the approval made earlier for a repeated Idempotency-Key, 409 for a different one', async () => {
      const body = { approverGroup: GROUP, title: 'Publish model m2' };
      const send = (payload: object) =>
        request(server)
          .post(`${BASE}/approvals`)
          .set(...viaScaffolder(testUsers.requester))
          .set('Idempotency-Key', 'scaffolder-task-7-approval')
          .send(payload);
      const first = await send(body);
      expect(first.status).toBe(201);
      const again = await send(body);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      const inboxIds = (await inbox(testUsers.approver)).body.items.map(
        (a: { id: string }) => a.id,
      );
      expect(
        inboxIds.filter((id: string) => id === first.body.id),
      ).toHaveLength(1);
      const different = await send({ ...body, title: 'Something else' });
      expect(different.status).toBe(409);
      expect(different.body.error.message).toContain(
        'Idempotency-Key scaffolder-task-7-approval was used for approval',
      );
    });

    it('refuses a service creating an approval with its own token', async () => {
      const res = await create(undefined, asService());
      expect(res.status).toBe(403);
    });

    it('lists pending approvals to the members of the group only, not to the requester or a sub-team', async () => {
      const { body: approval } = await create();
      await create({ approverGroup: 'group:default/search', title: 'Other' });

      const member = await inbox(testUsers.approver);
      expect(member.status).toBe(200);
      expect(member.body.items.map((a: any) => a.id)).toEqual([approval.id]);
      for (const user of [
        testUsers.requester,
        testUsers.subTeamMember,
        testUsers.other,
      ]) {
        const res = await inbox(user);
        expect(
          res.body.items.filter((a: any) => a.approverGroup === GROUP),
        ).toEqual([]);
      }
      const mine = await inbox(testUsers.requester, 'mine=requester');
      expect(mine.body.items).toHaveLength(2);

      expect(
        (
          await request(server)
            .get(`${BASE}/approvals/${approval.id}`)
            .set(...as(testUsers.other))
        ).status,
      ).toBe(403);
      expect(
        (
          await request(server)
            .get(`${BASE}/approvals/${approval.id}`)
            .set(...asService())
        ).body.status,
      ).toBe('pending');
    });

    it('lets a member approve, once, audited', async () => {
      const { body: approval } = await create();
      const res = await decide(approval.id, testUsers.approver, {
        decision: 'approve',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'approved',
        decidedBy: testUsers.approver,
      });
      expect(auditEvents.map(e => [e.eventId, e.status])).toContainEqual([
        'approval-decide',
        'succeeded',
      ]);
      const again = await decide(approval.id, testUsers.secondApprover, {
        decision: 'reject',
        reason: 'late',
      });
      expect(again.status).toBe(409);
      expect((await inbox(testUsers.approver)).body.items).toEqual([]);
    });

    it('records a rejection with its reason, and needs one', async () => {
      const { body: approval } = await create();
      const noReason = await decide(approval.id, testUsers.approver, {
        decision: 'reject',
      });
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.message).toContain('reason:');
      const res = await decide(approval.id, testUsers.approver, {
        decision: 'reject',
        reason: 'Model card incomplete',
      });
      expect(res.body).toMatchObject({
        status: 'rejected',
        reason: 'Model card incomplete',
      });
    });

    it.each([
      ['the requester, on their own approval', testUsers.requester],
      ['a member of a group below the approver group', testUsers.subTeamMember],
      ['a member of another group', testUsers.other],
    ])('refuses a decision by %s (403), audited', async (_label, user) => {
      const { body: approval } = await create();
      const res = await decide(approval.id, user, { decision: 'approve' });
      expect(res.status).toBe(403);
      expect(auditEvents.map(e => [e.eventId, e.status])).toContainEqual([
        'approval-decide',
        'failed',
      ]);
    });

    it('refuses a service deciding (403)', async () => {
      const { body: approval } = await create();
      const res = await request(server)
        .post(`${BASE}/approvals/${approval.id}/decision`)
        .set(...asService())
        .send({ decision: 'approve' });
      expect(res.status).toBe(403);
    });

    it.each([
      [{ decision: 'maybe' }, 'decision'],
      [{ decision: 'approve', extra: 1 }, 'extra'],
    ])(
      'answers 400 naming the field for the decision %j',
      async (body, field) => {
        const { body: approval } = await create();
        const res = await decide(approval.id, testUsers.approver, body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(field);
      },
    );

    it('answers 404 for an unknown approval and 400 for a malformed id', async () => {
      expect(
        (await decide(UNKNOWN_ID, testUsers.approver, { decision: 'approve' }))
          .status,
      ).toBe(404);
      expect(
        (
          await request(server)
            .get(`${BASE}/approvals/not-a-uuid`)
            .set(...as(testUsers.approver))
        ).status,
      ).toBe(400);
    });

    it('lets the requester withdraw while pending, not after, and nobody else', async () => {
      const { body: approval } = await create();
      const withdraw = (auth: [string, string]) =>
        request(server)
          .post(`${BASE}/approvals/${approval.id}/withdraw`)
          .set(...auth)
          .send({ reason: 'Not needed' });
      expect((await withdraw(as(testUsers.approver))).status).toBe(403);
      expect(
        (await withdraw(['Authorization', serviceHeader('plugin:catalog')]))
          .status,
      ).toBe(403);
      const res = await withdraw(as(testUsers.requester));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'withdrawn',
        decidedBy: testUsers.requester,
      });
      expect((await withdraw(as(testUsers.requester))).status).toBe(409);
      expect(
        (await decide(approval.id, testUsers.approver, { decision: 'approve' }))
          .status,
      ).toBe(409);
    });

    it('lets the service that asked withdraw with its own token', async () => {
      const { body: approval } = await create();
      const res = await request(server)
        .post(`${BASE}/approvals/${approval.id}/withdraw`)
        .set('Authorization', serviceHeader('plugin:scaffolder'));
      expect(res.status).toBe(200);
      expect(res.body.decidedBy).toBe('plugin:scaffolder');
    });

    it('reads an approval past its expiry as expired, and refuses decisions on it', async () => {
      const { body: approval } = await create({
        approverGroup: GROUP,
        title: 'Soon gone',
        expiresAt: new Date(Date.now() + 1500).toISOString(),
      });
      await new Promise(resolve => setTimeout(resolve, 1600));
      const res = await decide(approval.id, testUsers.approver, {
        decision: 'approve',
      });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toContain('expired');
      expect(
        (await inbox(testUsers.approver, 'status=expired')).body.items,
      ).toHaveLength(1);
    });
  },
);
