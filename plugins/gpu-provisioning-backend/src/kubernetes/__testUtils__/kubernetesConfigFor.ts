import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ClusterSim } from '@ai-platform/cluster-sim';
import { KubernetesClusters } from '../KubernetesClusters';

/** The `kubernetes` config the Backstage Kubernetes plugin would get for the fleet. */
export function kubernetesConfigFor(
  sim: ClusterSim,
  extraClusters: object[] = [],
): ConfigReader {
  return new ConfigReader({
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            ...sim.clusters.map(c => ({
              name: c.name,
              title: c.description,
              url: c.url,
              authProvider: 'serviceAccount',
              serviceAccountToken: c.token,
              caData: Buffer.from(c.caPem!).toString('base64'),
              skipMetricsLookup: true,
            })),
            ...extraClusters,
          ],
        },
      ],
    },
  });
}

/** Clients for every cluster of the fleet. */
export function clustersFor(
  sim: ClusterSim,
  extraClusters: object[] = [],
): KubernetesClusters {
  return KubernetesClusters.fromConfig(
    kubernetesConfigFor(sim, extraClusters),
    {
      logger: mockServices.logger.mock(),
      inClusterTokenPath: '/nonexistent/token',
    },
  );
}
