import { mockServices } from '@backstage/backend-test-utils';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { ClusterSim } from '@ai-platform/cluster-sim';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import { GpuProvisioningConfig } from '../config/GpuProvisioningConfig';
import { clustersFor } from '../kubernetes/__testUtils__/clustersFor';
import { kubectl } from '../kubernetes/__testUtils__/kubectl';
import { startValidatingSim } from '../kubernetes/__testUtils__/startValidatingSim';
import { testProvisioningConfig } from '../kubernetes/__testUtils__/testProvisioningConfig';
import { testRequest } from '../kubernetes/__testUtils__/testRequest';
import { waitFor } from '@ai-platform/test-utils';
import { KubernetesProvisioner } from '../kubernetes/KubernetesProvisioner';
import { GrantProvisioner } from '../types';
import { InMemoryLifecycleStore } from './__testUtils__/InMemoryLifecycleStore';
import { GrantReconciler, ReconcileSummary } from './GrantReconciler';

// Each file starts its own simulated fleet; under a parallel run that takes a few seconds.
jest.setTimeout(30_000);

const CLUSTER = 'gpu-prod';
const T0 = new Date('2026-03-02T08:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (ms: number) => new Date(T0.getTime() + ms);

const NOTHING: ReconcileSummary = {
  provisioned: 0,
  retried: 0,
  failed: 0,
  expired: 0,
  warned: 0,
  startWarned: 0,
  driftRepaired: 0,
  namespacesMissing: 0,
  idleWarned: 0,
  idleReleased: 0,
};

describe('GrantReconciler', () => {
  let sim: ClusterSim;
  let clock: Date;
  let store: InMemoryLifecycleStore;
  let logger: ReturnType<typeof mockServices.logger.mock>;
  let auditor: ReturnType<typeof mockServices.auditor.mock>;
  let notifications: jest.Mocked<NotificationService>;
  const teamInfo = jest.fn(async (ref: string) => ({
    teamName: ref.split('/').pop()!,
    costCenter: 'CC-4711',
  }));

  const reconcilerWith = (
    options: {
      config?: GpuProvisioningConfig;
      provisioner?: GrantProvisioner;
    } = {},
  ) => {
    const config =
      options.config ??
      testProvisioningConfig({ lifecycle: { maxAttempts: 3 } });
    return GrantReconciler.create({
      store,
      provisioner:
        options.provisioner ??
        KubernetesProvisioner.create({
          clusters: clustersFor(sim),
          config,
          logger,
        }),
      config,
      logger,
      auditor,
      notifications,
      teamInfo,
    });
  };
  const approved = (overrides: Partial<GpuRequest> = {}) => {
    const request = testRequest({
      status: 'approved',
      createdAt: T0.toISOString(),
      updatedAt: T0.toISOString(),
      ...overrides,
    });
    store.add(request);
    return request;
  };
  const get = (args: string[]) =>
    kubectl(sim, CLUSTER, [...args, '-o', 'json']);
  const namespaceNames = async () =>
    (await get(['get', 'namespaces'])).items.map((n: any) => n.metadata.name);
  const namespaceGone = (name: string) =>
    waitFor(async () =>
      (await namespaceNames()).includes(name) ? undefined : true,
    );
  const auditEvents = () =>
    auditor.createEvent.mock.calls.map(([event]) => [
      event.eventId,
      event.meta?.actionType,
    ]);

  beforeAll(async () => {
    sim = await startValidatingSim({ seed: 'nodes' });
  });
  beforeEach(() => {
    clock = T0;
    store = new InMemoryLifecycleStore(() => clock);
    logger = mockServices.logger.mock();
    auditor = mockServices.auditor.mock();
    notifications = {
      send: jest.fn(async (_options: NotificationSendOptions) => {}),
    };
    teamInfo.mockClear();
  });
  afterEach(() => sim.clusters.forEach(c => c.faults.clear()));
  afterAll(() => sim?.stop());

  it('provisions an approved request into exactly the objects kubectl shows', async () => {
    const reconciler = reconcilerWith();
    const request = approved({ dataClassification: 'confidential' });

    const started = Date.now();
    const result = await reconciler.provision(request);
    const elapsed = Date.now() - started;

    expect(result.status).toBe('active');
    expect(
      Date.parse(result.expiresAt!) - Date.parse(result.activeSince!),
    ).toBe(48 * HOUR);
    expect(elapsed).toBeLessThan(2000);
    const ns = result.namespace!;
    expect(ns).toBe(`gpu-ml-platform-assistant-api-${request.id.slice(0, 8)}`);
    expect(store.transitions.filter(t => t.id === request.id)).toEqual([
      { id: request.id, from: 'approved', to: 'provisioning' },
      { id: request.id, from: 'provisioning', to: 'active' },
    ]);

    const namespace = await get(['get', 'namespace', ns]);
    expect(namespace.metadata.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'ai-platform-portal',
      'ai-platform.io/team': 'ml-platform',
      'ai-platform.io/grant-id': request.id,
      'ai-platform.io/data-classification': 'confidential',
      'ai-platform.io/cost-center': 'CC-4711',
      'ai-platform.io/expires-at': String(
        Math.floor(Date.parse(result.expiresAt!) / 1000),
      ),
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    const { items } = await get([
      'get',
      'resourcequota,rolebinding,networkpolicy',
      '-n',
      ns,
    ]);
    expect(
      items.map((i: any) => `${i.kind}/${i.metadata.name}`).sort(),
    ).toEqual([
      'NetworkPolicy/default-deny',
      'ResourceQuota/gpu-grant',
      'RoleBinding/gpu-grant-team',
    ]);
    const byKind = Object.fromEntries(items.map((i: any) => [i.kind, i]));
    expect(byKind.ResourceQuota.spec.hard['requests.nvidia.com/gpu']).toBe('2');
    expect(byKind.RoleBinding.subjects).toEqual([
      {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Group',
        name: 'oidc:ml-platform',
      },
    ]);
    expect(byKind.NetworkPolicy.spec.policyTypes).toEqual([
      'Ingress',
      'Egress',
    ]);

    expect(auditEvents()).toEqual([['gpu-grant-apply', 'provision']]);
    const event = await auditor.createEvent.mock.results[0].value;
    expect(event.success).toHaveBeenCalledWith({
      meta: { outcome: 'active', expiresAt: result.expiresAt },
    });
    expect(logger.info).toHaveBeenCalledWith(
      'Applied grant',
      expect.objectContaining({
        requestId: request.id,
        cluster: CLUSTER,
        namespace: ns,
      }),
    );
  });

  it('leaves a request that is not approved as it is', async () => {
    const request = testRequest({ status: 'pending-approval' });
    store.add(request);
    await expect(reconcilerWith().provision(request)).resolves.toEqual(request);
    expect(store.transitions).toEqual([]);
  });

  it('provisions due requests on a pass, and a second pass changes nothing', async () => {
    const reconciler = reconcilerWith();
    const requests = [
      approved(),
      approved({ migProfile: '2g.20gb', count: 1 }),
    ];

    expect(await reconciler.reconcileOnce(T0)).toEqual({
      ...NOTHING,
      provisioned: 2,
    });
    expect(requests.map(r => store.peek(r.id)!.status)).toEqual([
      'active',
      'active',
    ]);
    expect(store.peek(requests[0].id)!.expiresAt).toBe(
      at(48 * HOUR).toISOString(),
    );
    // The team's facts are looked up once per pass.
    expect(teamInfo).toHaveBeenCalledTimes(1);

    const ns = store.peek(requests[1].id)!.namespace!;
    const quota = await get(['get', 'resourcequota', 'gpu-grant', '-n', ns]);
    expect(quota.spec.hard).toMatchObject({
      'requests.nvidia.com/gpu': '0',
      'requests.nvidia.com/mig-2g.20gb': '1',
    });
    await waitFor(async () =>
      (
        await get(['get', 'resourcequota', 'gpu-grant', '-n', ns])
      ).status?.used
        ? true
        : undefined,
    );
    const versions = async () =>
      (await get(['get', 'resourcequota,rolebinding', '-n', ns])).items.map(
        (i: any) => i.metadata.resourceVersion,
      );
    const before = await versions();
    expect(await reconciler.reconcileOnce(at(MINUTE))).toEqual(NOTHING);
    expect(await versions()).toEqual(before);
  });

  it('repairs drift on the next pass, and follows an extension to the namespace label', async () => {
    const reconciler = reconcilerWith();
    const request = approved();
    await reconciler.reconcileOnce(T0);
    const ns = store.peek(request.id)!.namespace!;

    await kubectl(sim, CLUSTER, [
      'patch',
      'resourcequota',
      'gpu-grant',
      '-n',
      ns,
      '--type',
      'merge',
      '-p',
      '{"spec":{"hard":{"requests.nvidia.com/gpu":"64"}}}',
    ]);
    expect(await reconciler.reconcileOnce(at(MINUTE))).toEqual({
      ...NOTHING,
      driftRepaired: 1,
    });
    const quota = await get(['get', 'resourcequota', 'gpu-grant', '-n', ns]);
    expect(quota.spec.hard['requests.nvidia.com/gpu']).toBe('2');
    expect(auditEvents()).toContainEqual(['gpu-grant-apply', 'repair-drift']);
    expect(await reconciler.reconcileOnce(at(2 * MINUTE))).toEqual(NOTHING);

    // The service extends the grant by a day: the namespace label follows.
    const extended = at(72 * HOUR).toISOString();
    store.add({ ...store.peek(request.id)!, expiresAt: extended });
    expect(await reconciler.reconcileOnce(at(3 * MINUTE))).toEqual({
      ...NOTHING,
      driftRepaired: 1,
    });
    const namespace = await get(['get', 'namespace', ns]);
    expect(namespace.metadata.labels['ai-platform.io/expires-at']).toBe(
      String(Date.parse(extended) / 1000),
    );
    expect(namespace.metadata.annotations['ai-platform.io/expires-at']).toBe(
      extended,
    );
  });

  it('marks a grant whose namespace was deleted as namespace-missing, once, and does not recreate it', async () => {
    const reconciler = reconcilerWith();
    const request = approved();
    await reconciler.reconcileOnce(T0);
    const ns = store.peek(request.id)!.namespace!;
    await kubectl(sim, CLUSTER, ['delete', 'namespace', ns, '--wait=false']);
    await namespaceGone(ns);

    expect(await reconciler.reconcileOnce(at(MINUTE))).toEqual({
      ...NOTHING,
      namespacesMissing: 1,
    });
    expect(store.peek(request.id)!.status).toBe('namespace-missing');
    expect(auditEvents()).toContainEqual([
      'gpu-grant-namespace-missing',
      'detect',
    ]);
    expect(notifications.send).toHaveBeenCalledTimes(1);
    expect(notifications.send).toHaveBeenCalledWith({
      recipients: {
        type: 'entity',
        entityRef: ['user:default/jane.doe', 'group:default/ml-platform'],
      },
      payload: expect.objectContaining({
        severity: 'high',
        topic: 'gpu-grant-namespace-missing',
        link: '/gpu',
      }),
    });

    expect(await reconciler.reconcileOnce(at(2 * MINUTE))).toEqual(NOTHING);
    expect(await namespaceNames()).not.toContain(ns);
    expect(notifications.send).toHaveBeenCalledTimes(1);

    // It still ends when its time is up.
    expect(await reconciler.reconcileOnce(at(48 * HOUR))).toEqual({
      ...NOTHING,
      expired: 1,
    });
    expect(store.peek(request.id)!.status).toBe('expired');
  });

  it('reclaims an expired grant: namespace gone, status expired', async () => {
    const reconciler = reconcilerWith();
    const request = approved({ durationHours: 2 });
    await reconciler.reconcileOnce(T0);
    const ns = store.peek(request.id)!.namespace!;

    expect(await reconciler.reconcileOnce(at(2 * HOUR - 1))).toMatchObject({
      expired: 0,
    });
    expect(await reconciler.reconcileOnce(at(2 * HOUR))).toMatchObject({
      expired: 1,
    });
    expect(store.peek(request.id)).toMatchObject({
      status: 'expired',
      endedAt: at(2 * HOUR).toISOString(),
    });
    await namespaceGone(ns);
    expect(auditEvents()).toContainEqual(['gpu-grant-reclaim', 'expired']);
  });

  it('warns the owners once, warnBefore ahead of expiry', async () => {
    const reconciler = reconcilerWith();
    const request = approved({ durationHours: 48 });
    await reconciler.reconcileOnce(T0);

    expect(await reconciler.reconcileOnce(at(24 * HOUR - 1))).toEqual(NOTHING);
    expect(await reconciler.reconcileOnce(at(24 * HOUR))).toEqual({
      ...NOTHING,
      warned: 1,
    });
    expect(await reconciler.reconcileOnce(at(30 * HOUR))).toEqual(NOTHING);
    expect(notifications.send).toHaveBeenCalledTimes(1);
    expect(notifications.send).toHaveBeenCalledWith({
      recipients: {
        type: 'entity',
        entityRef: ['user:default/jane.doe', 'group:default/ml-platform'],
      },
      payload: {
        title: 'Your GPU grant of 2 × h100 on gpu-prod expires soon',
        description: expect.stringContaining(
          `expires at ${at(48 * HOUR).toISOString()}`,
        ),
        link: '/gpu',
        severity: 'normal',
        topic: 'gpu-grant-expiry',
      },
    });
    expect(store.wasWarned(request.id)).toBe(true);
  });

  it('warns a grant shorter than warnBefore at its halfway point, not as it starts', async () => {
    const reconciler = reconcilerWith();
    approved({ durationHours: 8 });
    expect(await reconciler.reconcileOnce(T0)).toMatchObject({
      provisioned: 1,
      warned: 0,
    });
    expect(await reconciler.reconcileOnce(at(4 * HOUR - 1))).toEqual(NOTHING);
    expect(await reconciler.reconcileOnce(at(4 * HOUR))).toEqual({
      ...NOTHING,
      warned: 1,
    });
    expect(notifications.send).toHaveBeenCalledTimes(1);
  });

  it('retries a failing apply with backoff, all or nothing each time, then fails it', async () => {
    const reconciler = reconcilerWith();
    const request = approved({ dataClassification: 'restricted' });
    const rule = sim.cluster(CLUSTER).faults.add({
      type: 'error',
      verb: 'patch',
      resource: 'rolebindings',
    });
    const hits = () => sim.cluster(CLUSTER).faults.hits.get(rule) ?? 0;
    const ns = `gpu-ml-platform-assistant-api-${request.id.slice(0, 8)}`;

    expect(await reconciler.reconcileOnce(T0)).toEqual({
      ...NOTHING,
      retried: 1,
    });
    expect(store.peek(request.id)).toMatchObject({
      status: 'approved',
      lastError: expect.stringMatching(
        /Could not apply RoleBinding\/gpu-grant-team .*injected fault/,
      ),
    });
    await namespaceGone(ns);

    // Not due yet: 30 seconds after the first failure.
    expect(await reconciler.reconcileOnce(at(29_000))).toEqual(NOTHING);
    expect(hits()).toBe(1);

    clock = at(30_000);
    expect(await reconciler.reconcileOnce(at(30_000))).toEqual({
      ...NOTHING,
      retried: 1,
    });
    expect(hits()).toBe(2);
    await namespaceGone(ns);
    // A minute after the second; the schedule is the store's, so another
    // replica's loop keeps it too.
    expect(await reconciler.reconcileOnce(at(89_000))).toEqual(NOTHING);
    expect(await reconcilerWith().reconcileOnce(at(89_000))).toEqual(NOTHING);

    clock = at(90_000);
    expect(await reconcilerWith().reconcileOnce(at(90_000))).toEqual({
      ...NOTHING,
      failed: 1,
    });
    expect(hits()).toBe(3);
    expect(store.attemptsOf(request.id)).toBe(3);
    expect(store.peek(request.id)!.status).toBe('failed');
    await namespaceGone(ns);
    expect(notifications.send).toHaveBeenCalledWith(
      expect.objectContaining({
        payload: expect.objectContaining({
          topic: 'gpu-grant-failed',
          severity: 'high',
        }),
      }),
    );
    const failures = auditor.createEvent.mock.results.length;
    expect(failures).toBe(3);
    for (const { value } of auditor.createEvent.mock.results) {
      expect((await value).fail).toHaveBeenCalledTimes(1);
    }

    expect(await reconciler.reconcileOnce(at(HOUR))).toEqual(NOTHING);
  });

  it('applies everything on the retry after a fault clears', async () => {
    const reconciler = reconcilerWith();
    const request = approved({ dataClassification: 'confidential' });
    sim.cluster(CLUSTER).faults.add({
      type: 'error',
      verb: 'patch',
      resource: 'networkpolicies',
      times: 1,
    });
    const first = await reconciler.provision(request);
    expect(first.status).toBe('approved');
    await namespaceGone(first.namespace!);

    clock = at(MINUTE);
    expect(await reconciler.reconcileOnce(at(MINUTE))).toEqual({
      ...NOTHING,
      provisioned: 1,
    });
    const { items } = await get([
      'get',
      'resourcequota,rolebinding,networkpolicy',
      '-n',
      first.namespace!,
    ]);
    expect(items).toHaveLength(3);
  });

  it('counts a failed team lookup as a failed attempt', async () => {
    const reconciler = reconcilerWith();
    const request = approved();
    teamInfo.mockRejectedValueOnce(new Error('catalog unavailable'));
    expect(await reconciler.reconcileOnce(T0)).toEqual({
      ...NOTHING,
      retried: 1,
    });
    expect(store.peek(request.id)!.lastError).toBe('catalog unavailable');
  });

  it('retries a request a stopped replica left in provisioning', async () => {
    const reconciler = reconcilerWith();
    const request = testRequest({
      status: 'provisioning',
      updatedAt: at(-11 * MINUTE).toISOString(),
    });
    const recent = testRequest({
      status: 'provisioning',
      updatedAt: at(-MINUTE).toISOString(),
    });
    store.add(request, recent);
    expect(await reconciler.reconcileOnce(T0)).toEqual({
      ...NOTHING,
      retried: 1,
    });
    expect(store.peek(request.id)).toMatchObject({
      status: 'approved',
      lastError: 'Provisioning was interrupted before it finished',
    });
    expect(store.peek(recent.id)!.status).toBe('provisioning');
  });

  it('re-drives a grant whose replica died mid-apply once its claim runs out, and leaves a renewed claim alone', async () => {
    const reconciler = reconcilerWith();
    const dead = approved();
    const live = approved();
    await store.claim(
      dead.id,
      { owner: 'replica-dead', until: at(30_000) },
      `gpu-ml-platform-assistant-api-${dead.id.slice(0, 8)}`,
    );
    await store.claim(
      live.id,
      { owner: 'replica-live', until: at(30_000) },
      `gpu-ml-platform-assistant-api-${live.id.slice(0, 8)}`,
    );
    expect(await reconciler.reconcileOnce(at(29_000))).toEqual(NOTHING);
    // The live replica renews its claim; the dead one cannot.
    await expect(
      store.renewClaim(live.id, { owner: 'replica-live', until: at(90_000) }),
    ).resolves.toBe(true);
    await expect(
      store.renewClaim(dead.id, { owner: 'replica-other', until: at(90_000) }),
    ).resolves.toBe(false);

    clock = at(30_000);
    expect(await reconciler.reconcileOnce(at(30_000))).toEqual({
      ...NOTHING,
      retried: 1,
    });
    expect(store.peek(dead.id)).toMatchObject({
      status: 'approved',
      lastError: 'Provisioning was interrupted before it finished',
    });
    expect(store.peek(live.id)!.status).toBe('provisioning');

    // Due again after the backoff of one failed attempt: applied and active.
    clock = at(60_000);
    expect(await reconciler.reconcileOnce(at(60_000))).toEqual({
      ...NOTHING,
      provisioned: 1,
    });
    const active = store.peek(dead.id)!;
    expect(active.status).toBe('active');
    expect(store.claims.has(dead.id)).toBe(false);
    const { items } = await get([
      'get',
      'resourcequota,rolebinding',
      '-n',
      active.namespace!,
    ]);
    expect(items).toHaveLength(2);
  });

  it('gives up on a request a stopped replica left half applied, and removes what it left', async () => {
    const reconciler = reconcilerWith();
    const request = testRequest({ status: 'provisioning' });
    const namespace = `gpu-ml-platform-assistant-api-${request.id.slice(0, 8)}`;
    store.add({ ...request, namespace });
    await store.recordFailedAttempt(request.id, 'earlier failure');
    await store.recordFailedAttempt(request.id, 'earlier failure');
    store.add({
      ...store.peek(request.id)!,
      updatedAt: at(-HOUR).toISOString(),
    });
    // The stopped replica got the objects onto the cluster before it died.
    await KubernetesProvisioner.create({
      clusters: clustersFor(sim),
      config: testProvisioningConfig(),
      logger,
    }).apply({ request: { ...request, namespace }, teamName: 'ml-platform' });
    expect(await namespaceNames()).toContain(namespace);

    expect(await reconciler.reconcileOnce(T0)).toEqual({
      ...NOTHING,
      failed: 1,
    });
    expect(store.peek(request.id)!.status).toBe('failed');
    await namespaceGone(namespace);
  });

  it('ends a released grant, and keeps it when the cluster cannot be reached', async () => {
    const reconciler = reconcilerWith();
    const request = approved();
    const active = await reconciler.provision(request);

    sim.cluster(CLUSTER).faults.setDown(true);
    await expect(reconciler.end(active, 'released')).rejects.toThrow();
    expect(store.peek(request.id)!.status).toBe('active');
    sim.cluster(CLUSTER).faults.setDown(false);

    const released = await reconciler.end(active, 'released');
    expect(released.status).toBe('released');
    expect(released.endedAt).toBeDefined();
    await namespaceGone(active.namespace!);
    // Ending again is harmless and reports the request as it is.
    await expect(reconciler.end(active, 'released')).resolves.toMatchObject({
      status: 'released',
    });
  });

  it('takes a grant back off the cluster when it was released while being applied', async () => {
    const real = KubernetesProvisioner.create({
      clusters: clustersFor(sim),
      config: testProvisioningConfig(),
      logger,
    });
    const request = approved();
    const racing: GrantProvisioner = {
      apply: async grant => {
        await real.apply(grant);
        // The owner releases it meanwhile (the namespace was not there yet when end() looked).
        await store.transition(grant.request.id, ['provisioning'], 'released');
      },
      remove: grant => real.remove(grant),
      inspect: grant => real.inspect(grant),
    };
    const result = await reconcilerWith({ provisioner: racing }).provision(
      request,
    );
    expect(result.status).toBe('released');
    await namespaceGone(result.namespace!);
  });

  it('is safe on several replicas at once', async () => {
    const replicas = [reconcilerWith(), reconcilerWith(), reconcilerWith()];
    const requests = [approved(), approved(), approved({ durationHours: 1 })];

    const first = await Promise.all(replicas.map(r => r.reconcileOnce(T0)));
    expect(first.reduce((sum, s) => sum + s.provisioned, 0)).toBe(3);
    for (const r of requests) {
      expect(
        store.transitions.filter(t => t.id === r.id).map(t => t.to),
      ).toEqual(['provisioning', 'active']);
    }

    const later = await Promise.all(
      replicas.map(r => r.reconcileOnce(at(HOUR))),
    );
    expect(later.reduce((sum, s) => sum + s.expired, 0)).toBe(1);
    expect(later.reduce((sum, s) => sum + s.warned, 0)).toBe(0);
    const warning = await Promise.all(
      replicas.map(r => r.reconcileOnce(at(24 * HOUR))),
    );
    expect(warning.reduce((sum, s) => sum + s.warned, 0)).toBe(2);
    expect(notifications.send).toHaveBeenCalledTimes(2);
    expect(logger.error).not.toHaveBeenCalled();
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('in kueue mode provisions a valid LocalQueue', async () => {
    const config = testProvisioningConfig({
      mode: 'kueue',
      kueue: { clusterQueueTemplate: '{team}-gpus' },
    });
    const request = approved({
      team: 'group:default/recommendations',
      entityRef: undefined,
    });
    const result = await reconcilerWith({ config }).provision(request);
    expect(result.status).toBe('active');
    const queue = await get([
      'get',
      'localqueues.kueue.x-k8s.io',
      'gpu-grant',
      '-n',
      result.namespace!,
    ]);
    expect(queue.spec).toEqual({ clusterQueue: 'recommendations-gpus' });
    const { items } = await get([
      'get',
      'resourcequotas',
      '-n',
      result.namespace!,
    ]);
    expect(items).toEqual([]);
  });
});
