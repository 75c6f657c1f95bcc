import { namespaceName } from '@ai-platform/plugin-gpu-provisioning-common';
import { testProvisioningConfig } from './__testUtils__/testProvisioningConfig';
import { testRequest } from './__testUtils__/testRequest';
import { grantNamespace } from './grantNamespace';
import { grantObjects } from './grantObjects';

const names = (objects: { kind?: string; metadata?: { name?: string } }[]) =>
  objects.map(o => `${o.kind}/${o.metadata?.name}`);

describe('grantObjects', () => {
  const config = testProvisioningConfig();

  it('puts the limits before the role binding, so access never comes first', () => {
    const objects = grantObjects(
      {
        request: testRequest({ dataClassification: 'restricted' }),
        teamName: 'ml-platform',
      },
      config,
    );
    expect(names(objects.namespaced)).toEqual([
      'ResourceQuota/gpu-grant',
      'NetworkPolicy/default-deny',
      'RoleBinding/gpu-grant-team',
    ]);
    expect(objects.shared).toEqual([]);
  });

  it('names the namespace only through namespaceName', () => {
    const request = testRequest({ namespace: undefined });
    const { namespace } = grantObjects(
      { request, teamName: 'ml-platform' },
      config,
    );
    expect(namespace.metadata?.name).toBe(
      namespaceName({
        team: request.team,
        entityRef: request.entityRef,
        requestId: request.id,
      }),
    );
  });

  it('leaves out labels it has no value for', () => {
    const { namespace } = grantObjects(
      {
        request: testRequest({ entityRef: undefined, expiresAt: undefined }),
        teamName: 'ml-platform',
      },
      config,
    );
    const labels = namespace.metadata!.labels!;
    expect(labels['ai-platform.io/entity']).toBeUndefined();
    expect(labels['ai-platform.io/expires-at']).toBeUndefined();
    expect(labels['ai-platform.io/cost-center']).toBeUndefined();
    expect(
      namespace.metadata!.annotations!['ai-platform.io/entity-ref'],
    ).toBeUndefined();
  });

  it('pins the namespace to the class nodes for clusters with PodNodeSelector', () => {
    const { namespace } = grantObjects(
      { request: testRequest({ gpuClass: 'l40s' }), teamName: 'ml-platform' },
      config,
    );
    expect(
      namespace.metadata!.annotations![
        'scheduler.alpha.kubernetes.io/node-selector'
      ],
    ).toBe('nvidia.com/gpu.product=NVIDIA-L40S');
  });

  it('bounds annotation values taken from catalog data', () => {
    const { namespace } = grantObjects(
      {
        request: testRequest(),
        teamName: 'ml-platform',
        costCenter: 'x'.repeat(5000),
      },
      config,
    );
    expect(
      namespace.metadata!.annotations!['ai-platform.io/cost-center'],
    ).toHaveLength(1024);
  });

  it.each([
    [
      'an unknown GPU class',
      { request: testRequest({ gpuClass: 'tpu' }), teamName: 'ml' },
      /GPU class 'tpu'/,
    ],
    [
      'a team with no usable name',
      { request: testRequest(), teamName: '€€€' },
      /no usable name/,
    ],
    [
      'a namespace that is not an RFC 1123 label',
      { request: testRequest({ namespace: 'Kube System' }), teamName: 'ml' },
      /invalid namespace name/,
    ],
  ])('refuses %s', (_case, grant, message) => {
    expect(() => grantObjects(grant, config)).toThrow(message);
  });

  it('refuses a ClusterQueue template that gives an invalid name', () => {
    const kueue = testProvisioningConfig({
      mode: 'kueue',
      kueue: { clusterQueueTemplate: 'Queue_{team}' },
    });
    expect(() =>
      grantObjects({ request: testRequest(), teamName: 'ml-platform' }, kueue),
    ).toThrow(/not a valid ClusterQueue name/);
  });

  it('in kueue mode applies a LocalQueue instead of a quota, and shares the ResourceFlavor', () => {
    const kueue = testProvisioningConfig({ mode: 'kueue' });
    const objects = grantObjects(
      { request: testRequest(), teamName: 'Data_Science' },
      kueue,
    );
    expect(names(objects.namespaced)).toEqual([
      'LocalQueue/gpu-grant',
      'RoleBinding/gpu-grant-team',
    ]);
    expect(names(objects.shared)).toEqual(['ResourceFlavor/h100']);
    expect(objects.clusterQueue).toBe('data-science');
  });
});

describe('grantNamespace', () => {
  it('prefers the namespace recorded on the request', () => {
    expect(
      grantNamespace(testRequest({ namespace: 'gpu-ml-platform-12345678' })),
    ).toBe('gpu-ml-platform-12345678');
  });
});
