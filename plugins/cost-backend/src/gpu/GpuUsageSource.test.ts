import { mockServices } from '@backstage/backend-test-utils';
import { BackendGpuUsageSource } from './GpuUsageSource';

describe('BackendGpuUsageSource', () => {
  it('names an unreachable backend by its plugin id, not its address', async () => {
    const source = BackendGpuUsageSource.create({
      discovery: mockServices.discovery.mock({
        getBaseUrl: async id => `http://127.0.0.1:1/api/${id}`,
      }),
      auth: mockServices.auth({ pluginId: 'cost' }),
    });
    const grants = source.grants();
    await expect(grants).rejects.toThrow(
      'the gpu-provisioning backend could not be reached',
    );
    await expect(grants).rejects.not.toThrow(/127\.0\.0\.1/);
    const usage = source.utilisation({ team: 'group:default/a' }, '7d');
    await expect(usage).rejects.toThrow(
      'the gpu-metrics backend could not be reached',
    );
  });
});
