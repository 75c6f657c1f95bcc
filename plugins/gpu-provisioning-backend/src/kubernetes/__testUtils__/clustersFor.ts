import { fleetKubernetesConfig } from '@ai-platform/test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { ClusterSim } from '@ai-platform/cluster-sim';
import { KubernetesClusters } from '../KubernetesClusters';

/** Clients for every cluster of the fleet (and any `extraClusters` entries). */
export function clustersFor(
  sim: ClusterSim,
  extraClusters: JsonObject[] = [],
): KubernetesClusters {
  return KubernetesClusters.fromConfig(
    new ConfigReader({
      kubernetes: fleetKubernetesConfig(sim, {
        titles: true,
        skipMetricsLookup: true,
        extraClusters,
      }),
    }),
    {
      logger: mockServices.logger.mock(),
      inClusterTokenPath: '/nonexistent/token',
    },
  );
}
