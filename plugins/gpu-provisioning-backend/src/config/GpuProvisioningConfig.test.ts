import { ConfigReader } from '@backstage/config';
import { GpuClassCatalog } from '@ai-platform/plugin-ai-platform-node';
import { testConfig } from '../__fixtures__/config';
import { readGpuProvisioningConfig } from './GpuProvisioningConfig';

describe('readGpuProvisioningConfig', () => {
  it('reads the GPU classes through the suite catalog', () => {
    const root = new ConfigReader(testConfig);
    const config = readGpuProvisioningConfig(root);
    expect(config.gpuClasses).toEqual(GpuClassCatalog.fromConfig(root).list());
    expect(config.gpuClasses[0]).toEqual(
      expect.objectContaining({
        id: 'h100',
        productLabel: 'NVIDIA-H100-80GB-HBM3',
      }),
    );
  });

  it('takes the catalog it is given', () => {
    const gpuClasses = GpuClassCatalog.fromConfig(
      new ConfigReader({
        gpuProvisioning: {
          gpuClasses: [
            {
              id: 'b200',
              displayName: 'B200',
              productLabel: 'NVIDIA-B200',
              memoryMiB: 183359,
              hourlyRate: 9,
            },
          ],
        },
      }),
    );
    const config = readGpuProvisioningConfig(new ConfigReader(testConfig), {
      gpuClasses,
    });
    expect(config.gpuClasses.map(c => c.id)).toEqual(['b200']);
  });

  it.each([
    [
      'no GPU classes',
      { gpuProvisioning: { mode: 'resourcequota' } },
      'gpuProvisioning.gpuClasses is required',
    ],
    [
      'a class without its product label',
      {
        gpuProvisioning: {
          gpuClasses: [
            {
              id: 'l40s',
              displayName: 'L40S',
              memoryMiB: 46068,
              hourlyRate: 1.6,
            },
          ],
        },
      },
      "gpuProvisioning.gpuClasses[0].productLabel is required by GPU provisioning (class 'l40s')",
    ],
  ])('refuses %s, naming the key', (_case, data, message) => {
    expect(() => readGpuProvisioningConfig(new ConfigReader(data))).toThrow(
      message,
    );
  });
});
