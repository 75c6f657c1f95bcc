import {
  EntityGpuUsageCard,
  GpuMetricsClient,
  GpuUsagePage,
  GroupGpuUsageCard,
  gpuMetricsApiRef,
  gpuMetricsPlugin,
} from './index';

describe('gpu-metrics (legacy frontend system)', () => {
  it('is the gpu-metrics plugin with its API', () => {
    expect(gpuMetricsPlugin.getId()).toBe('gpu-metrics');
    const factories = [...gpuMetricsPlugin.getApis()];
    expect(factories.map(f => f.api.id)).toEqual([gpuMetricsApiRef.id]);
    expect(
      factories[0].factory({
        discoveryApi: { getBaseUrl: async () => '' },
        fetchApi: { fetch },
      }),
    ).toBeInstanceOf(GpuMetricsClient);
  });

  it.each([
    ['GpuUsagePage', GpuUsagePage],
    ['EntityGpuUsageCard', EntityGpuUsageCard],
    ['GroupGpuUsageCard', GroupGpuUsageCard],
  ])('exports %s', (_name, extension) => {
    expect(extension).toEqual(expect.any(Function));
  });
});
