import { testProvisioningConfig } from '../__testUtils__/testProvisioningConfig';
import { testRequest } from '../__testUtils__/testRequest';
import { grantNamespace } from '../grantNamespace';
import { grantObjects } from '../grantObjects';
import { grantQueueHeaders } from './GrantQueues';

const names = (objects: { kind?: string; metadata?: { name?: string } }[]) =>
  objects.map(o => `${o.kind}/${o.metadata?.name}`);

describe('grant queues', () => {
  describe('on a KAI cluster', () => {
    const config = testProvisioningConfig({
      clusters: { 'gpu-prod': { scheduler: 'kai' } },
      kai: { parentQueueTemplate: 'team-{team}' },
    });

    it('adds a leaf KAI queue under the team queue, and keeps the quota as the hard guard', () => {
      const request = testRequest({ count: 3 });
      const objects = grantObjects(
        { request, teamName: 'ML Platform!', costCenter: 'CC-1' },
        config,
      );
      const name = grantNamespace(request);
      expect(names(objects.namespaced)).toEqual([
        'ResourceQuota/gpu-grant',
        'RoleBinding/gpu-grant-team',
      ]);
      expect(objects.namespaced[0]).toMatchObject({
        spec: { hard: { 'requests.nvidia.com/gpu': '3' } },
      });
      expect(objects.queues).toEqual([
        {
          apiVersion: 'scheduling.run.ai/v2',
          kind: 'Queue',
          metadata: {
            name,
            labels: {
              'app.kubernetes.io/managed-by': 'ai-platform-portal',
              'ai-platform.io/grant-id': request.id,
              // As on the namespace: the label-safe team name.
              'ai-platform.io/team': 'ML-Platform',
            },
            annotations: expect.objectContaining({
              'ai-platform.io/gpus': '3 x h100',
              'ai-platform.io/team-ref': 'group:default/ml-platform',
            }),
          },
          spec: {
            parentQueue: 'team-ml-platform',
            resources: {
              gpu: { quota: 3, limit: 3, overQuotaWeight: 1 },
              cpu: { quota: -1, limit: -1, overQuotaWeight: 1 },
              memory: { quota: -1, limit: -1, overQuotaWeight: 1 },
            },
          },
        },
      ]);
      expect(
        objects.queues[0].metadata.annotations?.[
          'scheduler.alpha.kubernetes.io/node-selector'
        ],
      ).toBeUndefined();
    });

    it('sets CPU and memory from config', () => {
      const objects = grantObjects(
        { request: testRequest(), teamName: 'vision' },
        testProvisioningConfig({
          mode: 'kai',
          kai: { cpu: 16, memoryMegabytes: 68719 },
        }),
      );
      expect((objects.queues[0] as any).spec).toMatchObject({
        parentQueue: 'vision',
        resources: {
          cpu: { quota: 16000, limit: 16000 },
          memory: { quota: 68719, limit: 68719 },
        },
      });
    });

    it('refuses a MIG grant: KAI counts whole GPUs', () => {
      expect(() =>
        grantObjects(
          {
            request: testRequest({ migProfile: '1g.10gb' }),
            teamName: 'vision',
          },
          config,
        ),
      ).toThrow(/KAI Scheduler queues count whole GPUs/);
    });

    it('refuses a parent template that gives no valid queue name', () => {
      expect(() =>
        grantObjects(
          { request: testRequest(), teamName: 'vision' },
          testProvisioningConfig({
            mode: 'kai',
            kai: { parentQueueTemplate: '{team}/../x' },
          }),
        ),
      ).toThrow(/gpuProvisioning.kai.parentQueueTemplate gives/);
    });
  });

  describe('on a Volcano cluster', () => {
    it('adds a Volcano queue holding the grant, at the root without a parent template', () => {
      const request = testRequest({ count: 4, migProfile: '1g.10gb' });
      const config = testProvisioningConfig({ mode: 'volcano' });
      const objects = grantObjects({ request, teamName: 'vision' }, config);
      expect(names(objects.namespaced)).toEqual([
        'ResourceQuota/gpu-grant',
        'RoleBinding/gpu-grant-team',
      ]);
      expect(objects.queues).toEqual([
        expect.objectContaining({
          apiVersion: 'scheduling.volcano.sh/v1beta1',
          kind: 'Queue',
          metadata: expect.objectContaining({ name: grantNamespace(request) }),
          spec: {
            capability: { 'nvidia.com/mig-1g.10gb': '4' },
            reclaimable: false,
            weight: 1,
          },
        }),
      ]);
      expect(
        grantQueueHeaders({ request, teamName: 'vision' }, config),
      ).toEqual([
        {
          apiVersion: 'scheduling.volcano.sh/v1beta1',
          kind: 'Queue',
          metadata: { name: grantNamespace(request) },
        },
      ]);
    });

    it('puts the queue under the team queue of the template', () => {
      const objects = grantObjects(
        { request: testRequest(), teamName: 'Vision' },
        testProvisioningConfig({
          clusters: { 'gpu-prod': { scheduler: 'volcano' } },
          volcano: { parentQueueTemplate: '{team}-gpus' },
        }),
      );
      expect((objects.queues[0] as any).spec.parent).toBe('vision-gpus');
    });
  });

  it('has no queue on ResourceQuota and Kueue clusters, whatever the others use', () => {
    const config = testProvisioningConfig({
      mode: 'kai',
      clusters: {
        'gpu-prod': { scheduler: 'resourcequota' },
        'gpu-dev': { scheduler: 'kueue' },
      },
    });
    const prod = { request: testRequest(), teamName: 'vision' };
    expect(grantObjects(prod, config).queues).toEqual([]);
    expect(grantQueueHeaders(prod, config)).toEqual([]);
    const dev = {
      request: testRequest({ cluster: 'gpu-dev', gpuClass: 'l40s' }),
      teamName: 'vision',
    };
    expect(grantObjects(dev, config).queues).toEqual([]);
    expect(names(grantObjects(dev, config).namespaced)).toContain(
      'LocalQueue/gpu-grant',
    );
  });
});
