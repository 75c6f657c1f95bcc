import { ConfigReader } from '@backstage/config';
import { testConfig } from '../../__fixtures__/config';
import {
  GpuProvisioningConfig,
  readGpuProvisioningConfig,
} from '../../config/GpuProvisioningConfig';

/** The demo fleet's GPU classes (the shared test config) with Kubernetes-side overrides. */
export function testProvisioningConfig(
  overrides: Record<string, unknown> = {},
): GpuProvisioningConfig {
  return readGpuProvisioningConfig(
    new ConfigReader({
      gpuProvisioning: {
        gpuClasses: testConfig.gpuProvisioning.gpuClasses,
        namespaces: { groupNameTemplate: 'oidc:{team}' },
        ...overrides,
      },
    }),
  );
}
