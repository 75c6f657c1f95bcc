import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { ClusterRegistry } from './ClusterRegistry';

/**
 * The suite's {@link ClusterRegistry}: root-scoped, so
 * `kubernetes.clusterLocatorMethods` is read once for every backend. The
 * default factory logs what the suite cannot use, once, at start-up.
 *
 * @public
 */
export const aiPlatformClustersServiceRef = createServiceRef<ClusterRegistry>({
  id: 'ai-platform.clusters',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
      },
      factory({ config, logger }) {
        const registry = ClusterRegistry.fromConfig(config);
        for (const type of registry.ignoredLocatorTypes()) {
          logger.info(
            'AI Platform backends ignore a Kubernetes cluster locator that is not of type config',
            { type },
          );
        }
        for (const { name, unusable } of registry.listClusters()) {
          if (unusable) {
            logger.warn(
              'AI Platform backends cannot use a Kubernetes cluster',
              {
                cluster: name,
                reason: unusable.message,
              },
            );
          }
        }
        return registry;
      },
    }),
});
