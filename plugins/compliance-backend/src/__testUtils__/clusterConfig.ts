import { ConfigReader } from '@backstage/config';
import { ClusterSim } from '@ai-platform/cluster-sim';

/** The `kubernetes` config the Backstage Kubernetes plugin would get for the simulated fleet. */
export function kubernetesConfigFor(
  sim: ClusterSim,
  extraClusters: object[] = [],
) {
  return {
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            ...sim.clusters.map(c => ({
              name: c.name,
              url: c.url,
              authProvider: 'serviceAccount',
              serviceAccountToken: c.readOnlyToken,
              caData: Buffer.from(c.caPem!).toString('base64'),
            })),
            ...extraClusters,
          ],
        },
      ],
    },
  };
}

/** The same as a Config. */
export function kubernetesConfigReader(
  sim: ClusterSim,
  extraClusters: object[] = [],
) {
  return new ConfigReader(kubernetesConfigFor(sim, extraClusters));
}
