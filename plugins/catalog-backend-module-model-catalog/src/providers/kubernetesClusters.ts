import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { KubeConfig } from '@kubernetes/client-node';

/** A cluster of `kubernetes.clusterLocatorMethods[type=config].clusters` the module can read. */
export interface ReadableCluster {
  name: string;
  title?: string;
  kubeConfig: KubeConfig;
}

/**
 * The clusters of Backstage's `kubernetes` config that have a service account
 * token, each with a `KubeConfig` built from its URL, CA and token (never an
 * ambient kubeconfig). Other clusters are skipped with a warning.
 */
export function readableClustersFromConfig(
  config: Config,
  logger: LoggerService,
): ReadableCluster[] {
  const clusters: ReadableCluster[] = [];
  for (const method of config.getOptionalConfigArray(
    'kubernetes.clusterLocatorMethods',
  ) ?? []) {
    if (method.getString('type') !== 'config') continue;
    for (const c of method.getOptionalConfigArray('clusters') ?? []) {
      const name = c.getString('name');
      const token = c.getOptionalString('serviceAccountToken');
      if (!token) {
        logger.warn(
          'The model catalog cannot read KServe objects on a cluster without serviceAccountToken',
          { cluster: name },
        );
        continue;
      }
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromOptions({
        clusters: [
          {
            name,
            server: c.getString('url'),
            caData: c.getOptionalString('caData'),
            caFile: c.getOptionalString('caFile'),
            skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
          },
        ],
        users: [{ name: `${name}-model-catalog`, token }],
        contexts: [{ name, cluster: name, user: `${name}-model-catalog` }],
        currentContext: name,
      });
      clusters.push({ name, title: c.getOptionalString('title'), kubeConfig });
    }
  }
  return clusters;
}
