import { mockServices } from '@backstage/backend-test-utils';
import { ComplianceClusters } from './ComplianceClusters';

describe('ComplianceClusters', () => {
  it('names an unreadable cluster by its name, never its address or token, and logs the detail', async () => {
    const logger = mockServices.logger.mock();
    const clusters = ComplianceClusters.fromConfig(
      mockServices.rootConfig({
        data: {
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: 'gpu-prod',
                    url: 'http://127.0.0.1:1',
                    authProvider: 'serviceAccount',
                    serviceAccountToken: 'very-secret-token',
                  },
                ],
              },
            ],
          },
        },
      }),
      { logger },
    );
    const read = clusters.snapshot('gpu-prod');
    await expect(read).rejects.toThrow(
      "Kubernetes cluster 'gpu-prod' could not be read",
    );
    await expect(read).rejects.not.toThrow(/127\.0\.0\.1|very-secret-token/);
    expect(logger.warn).toHaveBeenCalledWith(
      'Compliance could not read a Kubernetes cluster',
      expect.objectContaining({ cluster: 'gpu-prod' }),
    );
  });
});
