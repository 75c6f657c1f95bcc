import { stringify } from 'yaml';
import { SimulatedCluster } from '../startClusterSim';

/**
 * An app-config overlay that points Backstage's Kubernetes plugin (and the
 * suite's plugins, which read the same list) at the simulated clusters.
 */
export function backstageAppConfig(clusters: SimulatedCluster[]): string {
  return stringify({
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: clusters.map(c => ({
            name: c.name,
            title: c.description,
            url: c.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: c.token,
            ...(c.caPem
              ? { caData: Buffer.from(c.caPem).toString('base64') }
              : {}),
            // The simulation has no metrics-server.
            skipMetricsLookup: true,
          })),
        },
      ],
    },
  });
}
