import { stringify } from 'yaml';
import { SimulatedCluster } from '../startClusterSim';

/**
 * An app-config overlay that points Backstage's Kubernetes plugin (and the
 * suite's plugins, which read the same list) at the simulated clusters.
 */
export function backstageAppConfig(
  clusters: SimulatedCluster[],
  /** The scheduler each cluster runs, from the topology; absent: the portal's mode. */
  schedulers: Record<string, string> = {},
): string {
  const scheduled = Object.entries(schedulers);
  return stringify({
    ...(scheduled.length > 0 && {
      gpuProvisioning: {
        clusters: Object.fromEntries(
          scheduled.map(([name, scheduler]) => [name, { scheduler }]),
        ),
      },
    }),
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
