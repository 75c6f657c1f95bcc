import { createTestDatabases } from '@ai-platform/test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { ANA, BO, PAT } from './__fixtures__/entities';
import { FakeCluster } from './__testUtils__/FakeCluster';
import { as, startTestGpuBackend } from './__testUtils__/startTestGpuBackend';

// The real store, services, router and lifecycle; only the Kubernetes side
// is an in-memory stand-in, as in plugin.test.ts.
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
const HOUR = 3_600_000;

const valid = {
  team: TEAM,
  cluster: 'gpu-prod',
  gpuClass: 'h100',
  count: 6,
  durationHours: 4,
  purpose: 'training',
  dataClassification: 'internal',
  justification: 'Nightly training of the assistant on new transcripts',
};

/** The start of the hour `hours` hours after this one. */
function hourFromNow(hours: number): Date {
  return new Date((Math.floor(Date.now() / HOUR) + hours) * HOUR);
}

describe.each(databases.eachSupportedId())(
  'gpu-provisioning reservations on %p',
  databaseId => {
    let knex: Knex;
    let server: Awaited<ReturnType<typeof startTestGpuBackend>>['server'];

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      ({ server } = await startTestGpuBackend({ knex }));
    });

    beforeEach(async () => {
      await knex('gpu_requests').delete();
      await knex('gpu_quota_usage').delete();
      mockCluster.applied.length = 0;
    });

    const create = (user: string, body: object) =>
      request(server)
        .post(`${BASE}/requests`)
        .set(...as(user))
        .send(body);
    const calendar = (user: string | undefined, query: object) => {
      const call = request(server).get(`${BASE}/calendar`).query(query);
      return user ? call.set(...as(user)) : call;
    };

    it.each([
      ['tomorrow', 'startAt: must be an ISO 8601 date and time'],
      [12345, 'startAt: must be an ISO 8601 date and time'],
      [
        new Date(Date.now() - HOUR).toISOString(),
        'startAt: must be in the future',
      ],
      [
        new Date(Date.now() + 15 * 24 * HOUR).toISOString(),
        'startAt: must be within 14 days',
      ],
    ])(
      'answers startAt %p with 400 naming the field, and writes nothing',
      async (startAt, message) => {
        const response = await create(ANA, { ...valid, startAt });
        expect(response.status).toBe(400);
        expect(response.body.error.message).toContain(message);
        expect(await knex('gpu_requests').pluck('id')).toEqual([]);
      },
    );

    it('books a later window without provisioning it, refuses an overlap over quota, and takes a back-to-back one', async () => {
      const start = hourFromNow(2);
      const booked = await create(ANA, {
        ...valid,
        startAt: start.toISOString(),
      });
      expect(booked.status).toBe(201);
      expect(booked.body).toMatchObject({
        status: 'approved',
        startAt: start.toISOString(),
        expiresAt: new Date(start.getTime() + 4 * HOUR).toISOString(),
      });
      expect(mockCluster.applied).toEqual([]);
      const read = await request(server)
        .get(`${BASE}/requests/${booked.body.id}`)
        .set(...as(ANA));
      expect(read.body.startAt).toBe(start.toISOString());

      const overlap = await create(ANA, {
        ...valid,
        count: 4,
        startAt: new Date(start.getTime() + 3 * HOUR).toISOString(),
      });
      expect(overlap.status).toBe(409);
      expect(overlap.body.error.message).toContain(
        `Quota exceeded for h100 in ${TEAM} from ${new Date(
          start.getTime() + 3 * HOUR,
        ).toISOString()}`,
      );
      const after = await create(ANA, {
        ...valid,
        count: 8,
        startAt: new Date(start.getTime() + 4 * HOUR).toISOString(),
      });
      expect(after.status).toBe(201);

      // An hour now ends before the first window: granted at once.
      const now = await create(ANA, { ...valid, count: 2, durationHours: 1 });
      expect(now.status).toBe(201);
      expect(now.body.status).toBe('active');
      expect(mockCluster.applied).toHaveLength(1);
    });

    it('answers an extension into a reservation over quota with 409 naming the booking, and takes one that fits', async () => {
      const grant = await create(ANA, { ...valid, count: 4, durationHours: 2 });
      expect(grant.body.status).toBe('active');
      const start = new Date(Date.parse(grant.body.expiresAt) + 2 * HOUR);
      const booked = await create(ANA, {
        ...valid,
        startAt: start.toISOString(),
      });
      expect(booked.status).toBe(201);
      const extend = (additionalHours: number) =>
        request(server)
          .post(`${BASE}/requests/${grant.body.id}/extend`)
          .set(...as(ANA))
          .send({ additionalHours });

      const over = await extend(3);
      expect(over.status).toBe(409);
      expect(over.body.error.message).toContain(
        `team ${TEAM}'s h100 quota is booked from ${start.toISOString()} by 1 reservation`,
      );
      const fits = await extend(2);
      expect(fits.status).toBe(200);
      expect(fits.body.expiresAt).toBe(start.toISOString());
    });

    it('does not estimate a request for now as starting now when a reservation leaves no room in its window', async () => {
      const start = hourFromNow(3);
      expect(
        (await create(ANA, { ...valid, startAt: start.toISOString() })).status,
      ).toBe(201);
      const estimate = (durationHours: number) =>
        request(server)
          .get(`${BASE}/start-estimate`)
          .query({
            team: TEAM,
            cluster: 'gpu-prod',
            gpuClass: 'h100',
            count: 4,
            durationHours,
          })
          .set(...as(ANA));

      // One hour ends before the reservation starts.
      expect((await estimate(1)).body.outcome).toBe('now');
      const long = await estimate(8);
      expect(long.status).toBe(200);
      expect(long.body).toMatchObject({
        outcome: 'later',
        startsAt: new Date(start.getTime() + 4 * HOUR).toISOString(),
        binding: 'quota',
        quotaLeft: 8,
      });
      expect(long.body.reason).toContain(
        "your team's quota is booked by 1 reservation from about",
      );
      // And the request itself is refused, as the estimate said.
      const refused = await create(ANA, {
        ...valid,
        count: 4,
        durationHours: 8,
      });
      expect(refused.status).toBe(409);
    });

    it('keeps an approved window off the cluster until its start', async () => {
      const start = hourFromNow(3);
      // 8 GPUs for 48 hours is above the approval threshold.
      const booked = await create(ANA, {
        ...valid,
        count: 8,
        durationHours: 48,
        startAt: start.toISOString(),
      });
      expect(booked.status).toBe(201);
      expect(booked.body.status).toBe('pending-approval');
      const approved = await request(server)
        .post(`${BASE}/requests/${booked.body.id}/approve`)
        .set(...as(PAT));
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        status: 'approved',
        startAt: start.toISOString(),
        expiresAt: new Date(start.getTime() + 48 * HOUR).toISOString(),
      });
      expect(mockCluster.applied).toEqual([]);
    });

    it('draws the calendar of the cluster and the caller’s teams hour by hour', async () => {
      const start = hourFromNow(2);
      expect(
        (await create(ANA, { ...valid, startAt: start.toISOString() })).status,
      ).toBe(201);

      const response = await calendar(ANA, {
        cluster: 'gpu-prod',
        gpuClass: 'h100',
        from: new Date(start.getTime() - HOUR).toISOString(),
        days: 1,
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        cluster: 'gpu-prod',
        gpuClass: 'h100',
        from: new Date(start.getTime() - HOUR).toISOString(),
        to: new Date(start.getTime() + 23 * HOUR).toISOString(),
        capacity: 32,
      });
      const { hours, teams } = response.body;
      expect(hours).toHaveLength(24);
      expect(hours.slice(0, 6).map((h: any) => [h.booked, h.free])).toEqual([
        [0, 32],
        [6, 26],
        [6, 26],
        [6, 26],
        [6, 26],
        [0, 32],
      ]);
      expect(teams).toHaveLength(1);
      expect(teams[0]).toMatchObject({ team: TEAM, limit: 8 });
      expect(teams[0].hours[1]).toEqual({
        start: start.toISOString(),
        booked: 6,
        free: 2,
      });

      // Another team sees the cluster's bookings, and its own quota free.
      const other = await calendar(BO, {
        cluster: 'gpu-prod',
        gpuClass: 'h100',
        from: start.toISOString(),
        days: 1,
      });
      expect(other.body.hours[0].booked).toBe(6);
      expect(other.body.teams).toEqual([
        expect.objectContaining({ team: 'group:default/vision', limit: 64 }),
      ]);
      expect(other.body.teams[0].hours[0]).toMatchObject({
        booked: 0,
        free: 64,
      });
    });

    it.each([
      [
        { cluster: 'gpu-prod', gpuClass: 'z100' },
        "gpuClass: unknown GPU class 'z100'",
      ],
      [
        { cluster: 'gpu-nowhere', gpuClass: 'h100' },
        "cluster: unknown cluster 'gpu-nowhere'",
      ],
      [
        { cluster: 'gpu-prod', gpuClass: 'h100', migProfile: '7g.80gb' },
        'migProfile: 7g.80gb is not a MIG profile of h100',
      ],
      [{ cluster: 'gpu-prod', gpuClass: 'h100', days: 15 }, 'days'],
      [{ cluster: 'gpu-prod', gpuClass: 'h100', from: 'soon' }, 'from'],
      [
        { cluster: 'gpu-prod', gpuClass: 'h100', from: '2020-01-01T00:00:00Z' },
        'from: must be within 14 days of now',
      ],
      [{ gpuClass: 'h100' }, 'cluster'],
      [{ cluster: 'gpu-prod', gpuClass: 'h100', team: TEAM }, 'team'],
    ])(
      'answers the calendar query %p with 400 naming the field',
      async (query, message) => {
        const response = await calendar(ANA, query);
        expect(response.status).toBe(400);
        expect(response.body.error.message).toContain(message);
      },
    );

    it('answers the calendar without credentials with 401', async () => {
      const response = await calendar(undefined, {
        cluster: 'gpu-prod',
        gpuClass: 'h100',
      });
      expect(response.status).toBe(401);
    });
  },
);
