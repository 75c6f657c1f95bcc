import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createGetEntityGpuUsageAction } from './actions/createGetEntityGpuUsageAction';
import { createListIdleGpusAction } from './actions/createListIdleGpusAction';
import { readGpuMetricsConfig } from './config/GpuMetricsConfig';
import { KubernetesPods } from './kubernetes/KubernetesPods';
import { createRouter } from './router';
import { GpuMetricsService } from './service/GpuMetricsService';

/**
 * GPU metrics backend: GPU utilisation, memory, idle GPUs and right-sizing
 * per catalog entity, group and fleet, from dcgm-exporter metrics in
 * Prometheus.
 *
 * @public
 */
export const gpuMetricsPlugin = createBackendPlugin({
  pluginId: 'gpu-metrics',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        logger,
        config,
        httpRouter,
        httpAuth,
        auditor,
        catalog,
        actionsRegistry,
      }) {
        const service = GpuMetricsService.create({
          config: readGpuMetricsConfig(config),
          pods: KubernetesPods.fromConfig(config),
          catalog,
          logger,
        });
        httpRouter.use(await createRouter({ httpAuth, auditor, service }));
        createGetEntityGpuUsageAction({ actionsRegistry, service });
        createListIdleGpusAction({ actionsRegistry, service });
      },
    });
  },
});
