import { ConfigReader } from '@backstage/config';
import { GpuClassCatalog } from '@ai-platform/plugin-ai-platform-node';
import { DEFAULT_METRIC_NAMES, readGpuMetricsConfig } from './GpuMetricsConfig';

describe('readGpuMetricsConfig', () => {
  it('applies the defaults', () => {
    const config = readGpuMetricsConfig(new ConfigReader({}));
    expect(config).toEqual({
      prometheus: [],
      clusterLabel: undefined,
      metrics: DEFAULT_METRIC_NAMES,
      idleUtilisationBelow: 5,
      idleForAtLeastSeconds: 3600,
      exporterNamespace: 'gpu-operator',
      cacheTtlMs: 30_000,
      timeoutMs: 10_000,
      gpuClasses: [],
      maxEntitiesPerGroup: 500,
      rollUps: false,
    });
  });

  it('reads overrides and the GPU classes of gpuProvisioning', () => {
    const config = readGpuMetricsConfig(
      new ConfigReader({
        gpuMetrics: {
          prometheus: [
            { cluster: '*', url: 'http://prom:9090/', headers: { a: 'b' } },
          ],
          clusterLabel: 'cluster',
          metrics: { utilisation: 'gpu_util' },
          idle: { utilisationBelow: 2, forAtLeast: { minutes: 30 } },
          cacheTtl: { seconds: 5 },
          maxEntitiesPerGroup: 20,
          rollUps: true,
        },
        gpuProvisioning: {
          gpuClasses: [
            {
              id: 'l40s',
              displayName: 'L40S',
              productLabel: 'NVIDIA-L40S',
              memoryMiB: 46068,
              hourlyRate: 1.6,
            },
          ],
        },
      }),
    );
    expect(config.prometheus).toEqual([
      { cluster: '*', url: 'http://prom:9090', headers: { a: 'b' } },
    ]);
    expect(config.metrics.utilisation).toBe('gpu_util');
    expect(config.idleForAtLeastSeconds).toBe(1800);
    expect(config.cacheTtlMs).toBe(5000);
    expect(config.maxEntitiesPerGroup).toBe(20);
    expect(config.rollUps).toBe(true);
    expect(config.gpuClasses).toEqual([
      {
        id: 'l40s',
        productLabel: 'NVIDIA-L40S',
        memoryMiB: 46068,
        hourlyRate: 1.6,
        migProfiles: [],
      },
    ]);
  });

  it.each([
    [
      { metrics: { utilisation: 'x"} or vector(1)' } },
      'gpuMetrics.metrics.utilisation',
    ],
    [{ clusterLabel: 'a-b' }, 'gpuMetrics.clusterLabel'],
    [{ maxEntitiesPerGroup: 0 }, 'gpuMetrics.maxEntitiesPerGroup'],
    [{ maxEntitiesPerGroup: 2.5 }, 'gpuMetrics.maxEntitiesPerGroup'],
  ])('refuses %j naming the key', (gpuMetrics, key) => {
    expect(() =>
      readGpuMetricsConfig(new ConfigReader({ gpuMetrics })),
    ).toThrow(key);
  });

  it('takes the GPU classes from the suite catalog it is given, with the fields usage needs', () => {
    const gpuClasses = GpuClassCatalog.fromConfig(
      new ConfigReader({
        gpuProvisioning: {
          gpuClasses: [{ id: 'l40s', memoryMiB: 46068, hourlyRate: 1.6 }],
        },
      }),
    );
    expect(() =>
      readGpuMetricsConfig(new ConfigReader({}), { gpuClasses }),
    ).toThrow(
      "gpuProvisioning.gpuClasses[0].productLabel is required by GPU usage (class 'l40s')",
    );
  });
});
