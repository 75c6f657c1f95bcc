import {
  AuditorService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ClusterRegistry } from '@ai-platform/plugin-ai-platform-node';
import type { ModelCatalogConfig } from '../config';
import {
  KServeModelServerSource,
  NamespaceOwnerLookup,
} from './KServeModelServerSource';
import { KubeflowModelSource } from './KubeflowModelSource';
import { MlflowModelSource } from './MlflowModelSource';
import { ModelSourceEntityProvider } from './ModelSourceEntityProvider';
import { readableClustersFromConfig } from './kubernetesClusters';

/** One provider per configured registry and, with `modelCatalog.kserve.enabled`, per cluster. */
export function createModelSourceProviders(options: {
  config: Config;
  settings: ModelCatalogConfig;
  logger: LoggerService;
  scheduler: SchedulerService;
  auditor?: AuditorService;
  lookupNamespaceOwner?: NamespaceOwnerLookup;
  /** The injected `aiPlatformClustersServiceRef`; read from `config` when absent. */
  clusters?: ClusterRegistry;
}): ModelSourceEntityProvider[] {
  const { settings, logger, scheduler } = options;
  const providers: ModelSourceEntityProvider[] = [];
  for (const r of settings.registries) {
    const common = {
      id: r.id,
      baseUrl: r.baseUrl,
      token: r.token,
      namespace: r.namespace,
      defaultOwner: r.owner,
      registryTitle: r.title,
      logger,
    };
    const source =
      r.type === 'mlflow'
        ? MlflowModelSource.create(common)
        : KubeflowModelSource.create(common);
    const name = `${
      r.type === 'mlflow' ? 'Mlflow' : 'Kubeflow'
    }EntityProvider:${r.id}`;
    providers.push(
      ModelSourceEntityProvider.create({
        name,
        source,
        locationRef: `url:${r.baseUrl}`,
        logger,
        taskRunner: scheduler.createScheduledTaskRunner(r.schedule),
      }),
    );
  }
  if (settings.kserve.enabled) {
    const wanted = settings.kserve.clusters;
    for (const cluster of readableClustersFromConfig(
      options.config,
      logger,
      options.clusters,
    )) {
      if (wanted && !wanted.includes(cluster.name)) continue;
      const server = cluster.kubeConfig.getCurrentCluster()?.server ?? '';
      providers.push(
        ModelSourceEntityProvider.create({
          name: `KServeEntityProvider:${cluster.name}`,
          source: KServeModelServerSource.create({
            cluster,
            namespace: settings.kserve.namespace,
            defaultOwner: settings.kserve.owner,
            lookupNamespaceOwner: options.lookupNamespaceOwner,
            logger,
            auditor: options.auditor,
          }),
          locationRef: `url:${server}`,
          logger,
          taskRunner: scheduler.createScheduledTaskRunner(
            settings.kserve.schedule,
          ),
        }),
      );
    }
  }
  return providers;
}
