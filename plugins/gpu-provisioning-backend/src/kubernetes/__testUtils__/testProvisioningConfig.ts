import { ConfigReader } from '@backstage/config';
import {
  GpuProvisioningConfig,
  readGpuProvisioningConfig,
} from '../../config/GpuProvisioningConfig';

/** The demo fleet's GPU classes, as an operator would configure them. */
export function testProvisioningConfig(
  overrides: Record<string, unknown> = {},
): GpuProvisioningConfig {
  return readGpuProvisioningConfig(
    new ConfigReader({
      gpuProvisioning: {
        gpuClasses: [
          {
            id: 'h100',
            displayName: 'NVIDIA H100 80GB',
            productLabel: 'NVIDIA-H100-80GB-HBM3',
            memoryMiB: 81559,
            hourlyRate: 4.1,
            migProfiles: [
              { name: '1g.10gb', memoryMiB: 9984, hourlyRate: 0.6 },
              { name: '2g.20gb', memoryMiB: 20096, hourlyRate: 1.2 },
              { name: '3g.40gb', memoryMiB: 40320, hourlyRate: 1.8 },
            ],
          },
          {
            id: 'a100',
            displayName: 'NVIDIA A100 80GB',
            productLabel: 'NVIDIA-A100-SXM4-80GB',
            memoryMiB: 81920,
            hourlyRate: 2.9,
          },
          {
            id: 'l40s',
            displayName: 'NVIDIA L40S',
            productLabel: 'NVIDIA-L40S',
            memoryMiB: 46068,
            hourlyRate: 1.4,
          },
        ],
        namespaces: { groupNameTemplate: 'oidc:{team}' },
        ...overrides,
      },
    }),
  );
}
