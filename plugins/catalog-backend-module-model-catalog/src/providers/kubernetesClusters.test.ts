import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ClusterRegistry } from '@ai-platform/plugin-ai-platform-node';
import { readableClustersFromConfig } from './kubernetesClusters';

describe('readableClustersFromConfig', () => {
  it('gives the usable clusters of the suite registry with their KubeConfig, and warns about the others', () => {
    const logger = mockServices.logger.mock();
    const registry = ClusterRegistry.fromConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'gpu-prod',
                  title: 'Production',
                  url: 'https://prod.example.com',
                  authProvider: 'serviceAccount',
                  serviceAccountToken: 'token',
                },
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
    const clusters = readableClustersFromConfig(
      new ConfigReader({}),
      logger,
      registry,
    );
    expect(clusters.map(c => [c.name, c.title])).toEqual([
      ['gpu-prod', 'Production'],
    ]);
    expect(clusters[0].kubeConfig.getCurrentCluster()?.server).toBe(
      'https://prod.example.com',
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'The model catalog cannot read KServe objects on a Kubernetes cluster',
      expect.objectContaining({ cluster: 'gpu-oidc' }),
    );
  });
});
