import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ClusterRegistry } from '@ai-platform/plugin-ai-platform-node';
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

  it('reads the clusters of the suite registry it is given, and names those it cannot read', async () => {
    const logger = mockServices.logger.mock();
    const registry = ClusterRegistry.fromConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'gpu-oidc',
                  url: 'https://oidc.example.com',
                  authProvider: 'oidc',
                },
              ],
            },
          ],
        },
      }),
    );
    const clusters = ComplianceClusters.fromConfig(new ConfigReader({}), {
      logger,
      clusters: registry,
    });
    expect(clusters.names()).toEqual(['gpu-oidc']);
    await expect(clusters.snapshot('gpu-oidc')).rejects.toThrow(
      "Kubernetes cluster 'gpu-oidc' needs the serviceAccount auth provider and a serviceAccountToken for compliance checks",
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'Compliance cannot read a Kubernetes cluster',
      expect.objectContaining({ cluster: 'gpu-oidc' }),
    );
  });
});
