import {
  EntityGpuAllocationsCard,
  GpuProvisioningClient,
  GpuProvisioningPage,
  gpuProvisioningApiRef,
  gpuProvisioningPlugin,
} from './index';

describe('gpu-provisioning (legacy frontend system)', () => {
  it('is the gpu-provisioning plugin with its API', () => {
    expect(gpuProvisioningPlugin.getId()).toBe('gpu-provisioning');
    const factories = [...gpuProvisioningPlugin.getApis()];
    expect(factories.map(f => f.api.id)).toEqual([gpuProvisioningApiRef.id]);
    expect(
      factories[0].factory({
        discoveryApi: { getBaseUrl: async () => '' },
        fetchApi: { fetch },
      }),
    ).toBeInstanceOf(GpuProvisioningClient);
  });

  it.each([
    ['GpuProvisioningPage', GpuProvisioningPage],
    ['EntityGpuAllocationsCard', EntityGpuAllocationsCard],
  ])('exports %s', (_name, extension) => {
    expect(extension).toEqual(expect.any(Function));
  });
});
