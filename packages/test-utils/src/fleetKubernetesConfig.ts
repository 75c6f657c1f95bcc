import { JsonObject } from '@backstage/types';

/**
 * What the config needs of one simulated cluster: `SimulatedCluster` from
 * `@ai-platform/cluster-sim` fits. Typed by shape so test-utils does not
 * depend on cluster-sim, whose own tests depend on test-utils.
 */
export interface FleetCluster {
  name: string;
  description?: string;
  url: string;
  /** The cluster-admin token. */
  token: string;
  /** A token allowed only to read. */
  readOnlyToken: string;
  caPem?: string;
}

/** Options of {@link fleetKubernetesConfig}. */
export interface FleetKubernetesConfigOptions {
  /** Only these clusters, in this order; every cluster of the fleet by default. */
  clusters?: string[];
  /** Which of the simulation's tokens the backend presents; `admin` by default. */
  token?: 'admin' | 'readOnly';
  /** Each cluster's `description` as its `title`. */
  titles?: boolean;
  /** `skipMetricsLookup: true`: the simulation has no metrics-server. */
  skipMetricsLookup?: boolean;
  /** Further entries appended to the config's cluster list as they are. */
  extraClusters?: JsonObject[];
}

/**
 * The `kubernetes` config block Backstage's Kubernetes plugin (and the
 * suite's plugins, which read the same list) would get for a running
 * simulated fleet: one `config` cluster locator, service-account auth.
 */
export function fleetKubernetesConfig(
  fleet: { clusters: FleetCluster[] },
  options: FleetKubernetesConfigOptions = {},
): JsonObject {
  const clusters = options.clusters
    ? options.clusters.map(name => {
        const found = fleet.clusters.find(c => c.name === name);
        if (!found) {
          throw new Error(`The simulated fleet has no cluster '${name}'`);
        }
        return found;
      })
    : fleet.clusters;
  return {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          ...clusters.map(c => ({
            name: c.name,
            ...(options.titles ? { title: c.description } : {}),
            url: c.url,
            authProvider: 'serviceAccount',
            serviceAccountToken:
              options.token === 'readOnly' ? c.readOnlyToken : c.token,
            caData: Buffer.from(c.caPem ?? '').toString('base64'),
            ...(options.skipMetricsLookup ? { skipMetricsLookup: true } : {}),
          })),
          ...(options.extraClusters ?? []),
        ],
      },
    ],
  };
}
