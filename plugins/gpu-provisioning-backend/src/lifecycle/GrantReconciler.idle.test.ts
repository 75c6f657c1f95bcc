import { mockServices } from '@backstage/backend-test-utils';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { createTestDatabases } from '@ai-platform/test-utils';
import { FakeCluster } from '../__testUtils__/FakeCluster';
import {
  HOUR,
  newRequest,
  t0,
  TEAM,
} from '../database/__testUtils__/grantStoreFixture';
import { DatabaseGrantStore } from '../database/DatabaseGrantStore';
import { IdlePolicy } from '../idle/IdlePolicy';
import { GrantUsageSource } from '../idle/types';
import { testProvisioningConfig } from '../kubernetes/__testUtils__/testProvisioningConfig';
import { GrantReconciler } from './GrantReconciler';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const at = (h: number) => new Date(t0.getTime() + h * HOUR);

/**
 * The lifecycle loop with the idle policy on the real store (both engines)
 * and the in-memory cluster; gpu-metrics is a fake usage source whose last
 * busy time per namespace the test sets. Grants: 4 × H100 at 4.50 an hour,
 * idle after 24 hours, released 12 hours after the warning.
 */
async function setup(
  databaseId: Parameters<typeof databases.init>[0],
  idlePolicy: { dryRun: boolean },
) {
  const knex = await databases.init(databaseId);
  let clock = t0;
  const lastBusy = new Map<string, string>();
  const usage: GrantUsageSource = {
    usage: async ({ namespace, since }) => {
      if (namespace === 'unreadable') throw new Error('Prometheus is down');
      return {
        lastBusyAt: lastBusy.get(namespace) ?? null,
        windowStart: since.toISOString(),
      };
    },
  };
  const sent: NotificationSendOptions[] = [];
  const notifications: NotificationService = {
    send: async options => {
      sent.push(options);
    },
  };
  const auditor = mockServices.auditor.mock();
  const cluster = FakeCluster.create();
  const config = testProvisioningConfig({
    idlePolicy: { enabled: true, idleHours: 24, graceHours: 12, ...idlePolicy },
  });
  /** A replica: its own store, policy and loop on the shared database. */
  const replica = async () => {
    const store = await DatabaseGrantStore.create({
      database: mockServices.database({ knex }),
      now: () => clock,
    });
    const policy = IdlePolicy.create({
      store,
      idleStore: store.idleGrants(),
      usage,
      config: config.idlePolicy,
      rules: config,
      auditor,
      logger: mockServices.logger.mock(),
      notifications,
    });
    const loop = GrantReconciler.create({
      store,
      provisioner: cluster,
      config,
      logger: mockServices.logger.mock(),
      auditor,
      notifications,
      teamInfo: async ref => ({ teamName: ref.split('/').pop()! }),
      idlePolicy: policy,
    });
    return { store, policy, loop };
  };
  const first = await replica();
  /** A granted 10-day request, active from `t0`. */
  const grant = async () => {
    const { request } = await first.store.create({
      request: newRequest({ durationHours: 240, gpuHours: 960 }),
      quotaLimit: 8,
    });
    clock = t0;
    await first.loop.reconcileOnce(t0);
    const active = (await first.store.get(request.id))!;
    expect(active.status).toBe('active');
    return active;
  };
  /** One pass of `loop` at `hours` after `t0`. */
  const pass = (hours: number, loop = first.loop) => {
    clock = at(hours);
    return loop.reconcileOnce(clock);
  };
  const topics = () => sent.map(n => n.payload.title);
  const auditIds = () =>
    auditor.createEvent.mock.calls.map(([event]) => event.eventId);
  return {
    knex,
    first,
    replica,
    grant,
    pass,
    lastBusy,
    sent,
    topics,
    auditIds,
    cluster,
  };
}

describe('the idle policy in the lifecycle loop', () => {
  it.each(databases.eachSupportedId())(
    'warns an idle grant once across replicas, then releases it after the grace period, on %p',
    async databaseId => {
      const t = await setup(databaseId, { dryRun: false });
      const request = await t.grant();
      const second = await t.replica();

      expect((await t.pass(10)).idleWarned).toBe(0);
      const [a, b] = await Promise.all([t.pass(25), t.pass(25, second.loop)]);
      expect(a.idleWarned + b.idleWarned).toBe(1);
      expect(t.sent).toHaveLength(1);
      expect(t.sent[0].recipients).toEqual({
        type: 'entity',
        entityRef: [request.requestedBy, TEAM],
      });
      // 4 GPUs × 4.50 × 25 h, and × 24 h per idle day.
      expect(t.sent[0].payload.description).toContain(
        'idle for 25 hours, costing 450.00 (432.00 per idle day at 4.50 per GPU-hour)',
      );
      expect(t.sent[0].payload.description).toContain(
        `released at ${at(37).toISOString()}`,
      );
      expect(t.auditIds()).toContain('gpu-grant-idle-warn');

      expect(await t.pass(36)).toMatchObject({
        idleWarned: 0,
        idleReleased: 0,
      });
      expect((await t.first.store.get(request.id))!.status).toBe('active');

      expect((await t.pass(37)).idleReleased).toBe(1);
      const released = (await t.first.store.get(request.id))!;
      expect(released.status).toBe('released');
      expect(released.endedAt).toBe(at(37).toISOString());
      expect(t.cluster.removed.map(g => g.request.id)).toEqual([request.id]);
      expect(await t.first.store.usage(TEAM)).toEqual({ h100: 0 });
      expect(t.topics()[1]).toMatch(/idle GPU grant .* was released/);
      expect(t.auditIds()).toEqual(
        expect.arrayContaining(['gpu-grant-idle-release', 'gpu-grant-reclaim']),
      );
      expect((await t.pass(38)).idleReleased).toBe(0);
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves a kept grant until the keep runs out and forgets a warning when the GPUs are busy again, on %p',
    async databaseId => {
      const t = await setup(databaseId, { dryRun: false });
      const kept = await t.grant();
      const busy = await t.grant();
      expect((await t.pass(25)).idleWarned).toBe(2);

      // The owner keeps one for 20 hours; the other is used again.
      const idleStore = t.first.store.idleGrants();
      expect(
        await idleStore.keep({
          id: kept.id,
          until: at(45),
          by: kept.requestedBy,
        }),
      ).toEqual({
        keptUntil: at(45).toISOString(),
        keptBy: kept.requestedBy,
      });
      t.lastBusy.set(busy.namespace!, at(30).toISOString());

      expect(await t.pass(40)).toMatchObject({
        idleWarned: 0,
        idleReleased: 0,
      });
      expect((await idleStore.states([busy.id])).get(busy.id)).toEqual({});
      // The keep ran out: warned again before it can be released.
      expect((await t.pass(46)).idleWarned).toBe(1);
      // Busy at 30 h: idle again past 24 h at the 57 h pass, warned then.
      expect(await t.pass(57)).toMatchObject({
        idleWarned: 1,
        idleReleased: 0,
      });
      expect((await t.pass(58)).idleReleased).toBe(1);
      expect((await t.first.store.get(kept.id))!.status).toBe('released');
      expect((await t.pass(68)).idleReleased).toBe(0);
      expect((await t.first.store.get(busy.id))!.status).toBe('active');
      expect((await t.pass(69)).idleReleased).toBe(1);
      expect((await t.first.store.get(busy.id))!.status).toBe('released');
    },
  );

  it.each(databases.eachSupportedId())(
    'changes nothing in a dry run, while the report says what it would do and save, on %p',
    async databaseId => {
      const t = await setup(databaseId, { dryRun: true });
      const idle = await t.grant();
      const busy = await t.grant();
      t.lastBusy.set(busy.namespace!, at(70).toISOString());

      expect(await t.pass(40)).toMatchObject({
        idleWarned: 0,
        idleReleased: 0,
      });
      expect(await t.pass(80)).toMatchObject({
        idleWarned: 0,
        idleReleased: 0,
      });
      expect(t.sent).toEqual([]);
      expect(t.cluster.removed).toEqual([]);
      const rows = await t
        .knex('gpu_requests')
        .select('status', 'idle_warned_at');
      expect(rows).toEqual([
        { status: 'active', idle_warned_at: null },
        { status: 'active', idle_warned_at: null },
      ]);

      const report = await t.first.policy.report(
        await t.first.store.listByStatus(['active']),
        at(80),
      );
      expect(report.warn.map(g => g.requestId)).toEqual([idle.id]);
      expect(report.warn[0]).toMatchObject({
        idleHours: 80,
        idleCost: '1440.00',
        releaseAt: at(92).toISOString(),
      });
      expect(report).toMatchObject({
        release: [],
        kept: [],
        savingPerDay: '0.00',
        savingPerDayAfterGrace: '432.00',
        policy: { enabled: true, dryRun: true, idleHours: 24, graceHours: 12 },
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves a grant whose usage cannot be read alone, on %p',
    async databaseId => {
      const t = await setup(databaseId, { dryRun: false });
      const request = await t.grant();
      await t
        .knex('gpu_requests')
        .where({ id: request.id })
        .update({ namespace: 'unreadable' });
      expect((await t.pass(100)).idleWarned).toBe(0);
      const report = await t.first.policy.report(
        await t.first.store.listByStatus(['active']),
        at(100),
      );
      expect(report.warn).toEqual([]);
      expect(report.errors).toEqual([
        {
          cluster: 'gpu-prod',
          message: 'namespace unreadable: Prometheus is down',
        },
      ]);
    },
  );
});
