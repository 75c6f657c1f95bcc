import { mockServices } from '@backstage/backend-test-utils';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { createTestDatabases } from '@ai-platform/test-utils';
import { FakeCluster } from '../__testUtils__/FakeCluster';
import { testProvisioningConfig } from '../kubernetes/__testUtils__/testProvisioningConfig';
import { GrantReconciler } from '../lifecycle/GrantReconciler';
import { DatabaseGrantStore } from './DatabaseGrantStore';
import { NewGpuRequest } from './types';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const HOUR = 3_600_000;
const t0 = new Date('2025-06-01T12:00:00.000Z');
const at = (h: number) => new Date(t0.getTime() + h * HOUR);

function newRequest(overrides: Partial<NewGpuRequest> = {}): NewGpuRequest {
  return {
    team: 'group:default/conversational-ai',
    cluster: 'gpu-prod',
    gpuClass: 'h100',
    count: 2,
    durationHours: 4,
    purpose: 'training',
    dataClassification: 'internal',
    justification: 'Nightly training of the assistant',
    requestedBy: 'user:default/ana.assistant',
    status: 'approved',
    gpuHours: 8,
    estimatedCost: 36,
    requiresApproval: false,
    ...overrides,
  };
}

describe('start-soon notifications remembered in the database', () => {
  it.each(databases.eachSupportedId())(
    'are sent once across two replicas and a restart, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const notifications: jest.Mocked<NotificationService> = {
        send: jest.fn(async (_options: NotificationSendOptions) => {}),
      };
      const config = testProvisioningConfig({
        lifecycle: { startWarnBefore: { minutes: 90 } },
      });
      /** A replica: its own store and loop on the shared database. */
      const replica = async () => {
        const store = await DatabaseGrantStore.create({
          database: mockServices.database({ knex }),
          now: () => t0,
        });
        const loop = GrantReconciler.create({
          store,
          provisioner: FakeCluster.create(),
          config,
          logger: mockServices.logger.mock(),
          auditor: mockServices.auditor.mock(),
          notifications,
          teamInfo: async ref => ({ teamName: ref.split('/').pop()! }),
        });
        return { store, loop };
      };
      const first = await replica();
      const second = await replica();
      const { request: reserved } = await first.store.create({
        request: newRequest({ startAt: at(2).toISOString() }),
        quotaLimit: 8,
      });
      const { request: immediate } = await first.store.create({
        request: newRequest(),
        quotaLimit: 8,
      });
      await expect(first.store.markStartWarned(immediate.id)).resolves.toBe(
        false,
      );

      // 91 minutes ahead: not yet. 90 minutes ahead: once, whoever is first.
      const early = new Date(at(2).getTime() - 91 * 60_000);
      expect((await first.loop.reconcileOnce(early)).startWarned).toBe(0);
      const lead = new Date(at(2).getTime() - 90 * 60_000);
      const passes = await Promise.all([
        first.loop.reconcileOnce(lead),
        second.loop.reconcileOnce(lead),
      ]);
      expect(passes.map(p => p.startWarned).sort()).toEqual([0, 1]);
      const restarted = await replica();
      expect((await restarted.loop.reconcileOnce(at(1))).startWarned).toBe(0);
      // The immediate grant, applied meanwhile, is told nothing of a start,
      // nor of its expiry before its halfway point.
      expect(
        notifications.send.mock.calls.map(([n]) => n.payload.topic).sort(),
      ).toEqual(['gpu-reservation-start']);
      const row = await knex('gpu_requests')
        .where({ id: reserved.id })
        .first('start_warned_at');
      expect(row.start_warned_at).not.toBeNull();
    },
  );
});
