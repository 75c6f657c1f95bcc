import {
  aiPlatformClustersServiceRef,
  aiPlatformGpuClassesServiceRef,
  aiPlatformOrganisationServiceRef,
} from '@ai-platform/plugin-ai-platform-node';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  gpuFleetReadPermission,
  gpuUsageReadPermission,
} from '@ai-platform/plugin-gpu-metrics-common';
import { createGetEntityGpuUsageAction } from './actions/createGetEntityGpuUsageAction';
import { createListIdleGpusAction } from './actions/createListIdleGpusAction';
import { CatalogOrganisation } from './catalog/CatalogOrganisation';
import { readGpuMetricsConfig } from './config/GpuMetricsConfig';
import { KubernetesPods } from './kubernetes/KubernetesPods';
import { gpuUsageSubjectResourceRef } from './permissions/gpuUsageSubjectResourceRef';
import { gpuUsagePermissionRules } from './permissions/rules';
import { createRouter } from './router';
import { createGpuMetricsServices } from './service/createGpuMetricsServices';

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
        organisation: aiPlatformOrganisationServiceRef,
        logger: coreServices.logger,
        clusters: aiPlatformClustersServiceRef,
        gpuClasses: aiPlatformGpuClassesServiceRef,
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        organisation,
        logger,
        clusters,
        gpuClasses,
        config,
        httpRouter,
        httpAuth,
        auth,
        auditor,
        permissions,
        permissionsRegistry,
        catalog,
        actionsRegistry,
      }) {
        const catalogOrganisation = CatalogOrganisation.create({
          catalog,
          auth,
          groupTree: organisation.groupTree,
        });
        const services = createGpuMetricsServices({
          config: readGpuMetricsConfig(config, { gpuClasses }),
          pods: KubernetesPods.fromConfig(config, { clusters }),
          catalog,
          organisation: catalogOrganisation,
          permissions,
          logger,
        });

        permissionsRegistry.addPermissions([gpuFleetReadPermission]);
        permissionsRegistry.addResourceType({
          resourceRef: gpuUsageSubjectResourceRef,
          permissions: [gpuUsageReadPermission],
          rules: gpuUsagePermissionRules,
          getResources: refs => catalogOrganisation.subjects(refs),
        });

        httpRouter.use(await createRouter({ httpAuth, auditor, services }));
        createGetEntityGpuUsageAction({
          actionsRegistry,
          entityUsage: services.entityUsage,
          groupUsage: services.groupUsage,
        });
        createListIdleGpusAction({
          actionsRegistry,
          idleGpus: services.idleGpus,
        });
      },
    });
  },
});
