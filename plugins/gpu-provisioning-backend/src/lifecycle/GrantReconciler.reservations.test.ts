import { mockServices } from '@backstage/backend-test-utils';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { ClusterSim } from '@ai-platform/cluster-sim';
import {
  GpuRequest,
  namespaceName,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { clustersFor } from '../kubernetes/__testUtils__/clustersFor';
import { kubectl } from '../kubernetes/__testUtils__/kubectl';
import { startValidatingSim } from '../kubernetes/__testUtils__/startValidatingSim';
import { testProvisioningConfig } from '../kubernetes/__testUtils__/testProvisioningConfig';
import { testRequest } from '../kubernetes/__testUtils__/testRequest';
import { KubernetesProvisioner } from '../kubernetes/KubernetesProvisioner';
import { InMemoryLifecycleStore } from './__testUtils__/InMemoryLifecycleStore';
import { GrantReconciler } from './GrantReconciler';

jest.setTimeout(30_000);

const CLUSTER = 'gpu-prod';
const T0 = new Date('2026-03-02T08:00:00.000Z');
const HOUR = 3_600_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('GrantReconciler with reserved windows', () => {
  let sim: ClusterSim;
  let store: InMemoryLifecycleStore;
  let notifications: jest.Mocked<NotificationService>;

  const reconciler = () => {
    const config = testProvisioningConfig({ lifecycle: { maxAttempts: 3 } });
    const logger = mockServices.logger.mock();
    return GrantReconciler.create({
      store,
      provisioner: KubernetesProvisioner.create({
        clusters: clustersFor(sim),
        config,
        logger,
      }),
      config,
      logger,
      auditor: mockServices.auditor.mock(),
      teamInfo: async ref => ({ teamName: ref.split('/').pop()! }),
      notifications,
    });
  };
  const reserved = (startAt: Date, hours: number) => {
    const request = testRequest({
      durationHours: hours,
      createdAt: T0.toISOString(),
      updatedAt: T0.toISOString(),
      expiresAt: new Date(startAt.getTime() + hours * HOUR).toISOString(),
    });
    const withStart = {
      ...request,
      startAt: startAt.toISOString(),
    } as GpuRequest;
    store.add(withStart);
    return withStart;
  };
  const namespaces = async (): Promise<string[]> =>
    (
      await kubectl(sim, CLUSTER, ['get', 'namespaces', '-o', 'json'])
    ).items.map((n: any) => n.metadata.name);

  beforeAll(async () => {
    sim = await startValidatingSim({ seed: 'nodes' });
  });
  beforeEach(() => {
    store = new InMemoryLifecycleStore(() => T0);
    notifications = {
      send: jest.fn(async (_options: NotificationSendOptions) => {}),
    };
  });
  afterAll(() => sim?.stop());

  it('provisions a reserved window at its start, with the booked end, and reclaims it at its end', async () => {
    const loop = reconciler();
    const request = reserved(at(2 * HOUR), 4);

    const before = await loop.reconcileOnce(at(2 * HOUR - 1));
    expect(before.provisioned).toBe(0);
    expect(store.peek(request.id)?.status).toBe('approved');
    expect(store.transitions).toEqual([]);

    const atStart = await loop.reconcileOnce(at(2 * HOUR));
    expect(atStart.provisioned).toBe(1);
    const active = store.peek(request.id)!;
    expect(active).toMatchObject({
      status: 'active',
      activeSince: at(2 * HOUR).toISOString(),
      expiresAt: at(6 * HOUR).toISOString(),
    });
    expect(await namespaces()).toContain(active.namespace);

    expect((await loop.reconcileOnce(at(6 * HOUR - 1))).expired).toBe(0);
    expect((await loop.reconcileOnce(at(6 * HOUR))).expired).toBe(1);
    expect(store.peek(request.id)?.status).toBe('expired');
    expect(await namespaces()).not.toContain(active.namespace);
  });

  it('does not provision a reserved window on approval before it starts', async () => {
    const request = reserved(new Date(Date.now() + 2 * HOUR), 4);
    const result = await reconciler().provision(request);
    expect(result.status).toBe('approved');
    expect(store.transitions).toEqual([]);
  });

  it('tells the owners once, startWarnBefore (1 hour) ahead, that the window starts, and again when it is ready', async () => {
    const loop = reconciler();
    const replica = reconciler();
    const request = reserved(at(3 * HOUR), 4);
    const sent = () => notifications.send.mock.calls.map(([n]) => n);

    expect((await loop.reconcileOnce(at(2 * HOUR - 1))).startWarned).toBe(0);
    expect(sent()).toEqual([]);
    // Both replicas pass at once: one of them tells the owners.
    const passes = await Promise.all([
      loop.reconcileOnce(at(2 * HOUR)),
      replica.reconcileOnce(at(2 * HOUR)),
    ]);
    expect(passes.map(p => p.startWarned).sort()).toEqual([0, 1]);
    expect(await loop.reconcileOnce(at(2 * HOUR + 30 * 60_000))).toMatchObject({
      startWarned: 0,
    });
    expect(store.wasStartWarned(request.id)).toBe(true);
    expect(sent()).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: [request.requestedBy, request.team],
        },
        payload: {
          title: 'Your reserved GPUs (2 × h100 on gpu-prod) start soon',
          description: expect.stringContaining(
            `starts at ${at(3 * HOUR).toISOString()} and ends at ${at(
              7 * HOUR,
            ).toISOString()}`,
          ),
          link: '/gpu',
          severity: 'normal',
          topic: 'gpu-reservation-start',
        },
      },
    ]);

    expect((await loop.reconcileOnce(at(3 * HOUR))).provisioned).toBe(1);
    const { namespace } = store.peek(request.id)!;
    // The grant's own namespace, named as every grant's is.
    expect(namespace).toBe(
      namespaceName({
        team: request.team,
        entityRef: request.entityRef,
        requestId: request.id,
      }),
    );
    expect(sent()).toHaveLength(2);
    expect(sent()[1]).toEqual({
      recipients: {
        type: 'entity',
        entityRef: [request.requestedBy, request.team],
      },
      payload: {
        title: `Your reserved GPUs (2 × h100 on gpu-prod) are ready in namespace ${namespace}`,
        description: expect.stringContaining(
          `until ${at(7 * HOUR).toISOString()}`,
        ),
        link: '/gpu',
        severity: 'normal',
        topic: 'gpu-reservation-ready',
      },
    });
    // An immediate grant is not announced as a reservation.
    const now = testRequest({ createdAt: T0.toISOString() });
    store.add(now);
    await loop.provision(now);
    expect(store.peek(now.id)?.status).toBe('active');
    expect(sent()).toHaveLength(2);
  });
});
