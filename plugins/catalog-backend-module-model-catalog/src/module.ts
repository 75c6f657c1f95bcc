import {
  aiPlatformClustersServiceRef,
  aiPlatformGpuClassesServiceRef,
} from '@ai-platform/plugin-ai-platform-node';
import {
  ModelSourceRegistration,
  modelSourcesExtensionPoint,
} from '@ai-platform/plugin-model-catalog-node';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { SuiteApiEntityProvider } from './apis/SuiteApiEntityProvider';
import { readModelCatalogConfig } from './config';
import { ModelCardReader } from './modelCards/ModelCardReader';
import { ModelEntityProcessor } from './processor/ModelEntityProcessor';
import { ModelSourceEntityProvider } from './providers/ModelSourceEntityProvider';
import { createModelSourceProviders } from './providers/createModelSourceProviders';
import { createModelCardRouter } from './router/createModelCardRouter';

/**
 * The model catalog module of the catalog: the processor that completes and
 * validates model entities, the MLflow, Kubeflow and KServe entity
 * providers of `modelCatalog`, the sources other modules add through
 * `modelSourcesExtensionPoint`, the suite's API entities with their OpenAPI
 * documents (`catalog.providers.aiPlatformApis`), and
 * `GET /api/catalog/model-cards/:namespace/:name`.
 *
 * @public
 */
export const catalogModuleModelCatalog = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'model-catalog',
  register(reg) {
    const addedSources: ModelSourceRegistration[] = [];
    reg.registerExtensionPoint(modelSourcesExtensionPoint, {
      addModelSource(...sources) {
        addedSources.push(...sources);
      },
    });

    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        clusters: aiPlatformClustersServiceRef,
        gpuClasses: aiPlatformGpuClassesServiceRef,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        processing: catalogProcessingExtensionPoint,
      },
      async init({
        config,
        logger,
        clusters,
        gpuClasses,
        scheduler,
        urlReader,
        httpRouter,
        httpAuth,
        auth,
        discovery,
        auditor,
        catalog,
        processing,
      }) {
        const settings = readModelCatalogConfig(config, { gpuClasses });
        const modelCards = ModelCardReader.create({
          urlReader,
          localDirectories: settings.modelCards.localDirectories,
        });
        processing.addProcessor(
          ModelEntityProcessor.create({
            modelCards,
            gpuClasses: settings.gpuClasses,
            logger,
          }),
        );
        const providers = createModelSourceProviders({
          config,
          settings,
          logger,
          clusters,
          scheduler,
          auditor,
          lookupNamespaceOwner: async namespace => {
            const { items } = await catalog.getEntities(
              {
                filter: {
                  'metadata.annotations.backstage.io/kubernetes-namespace':
                    namespace,
                },
                fields: [
                  'kind',
                  'metadata.namespace',
                  'metadata.name',
                  'spec.owner',
                ],
              },
              { credentials: await auth.getOwnServiceCredentials() },
            );
            const owners = items
              .map(e => e.spec?.owner)
              .filter((o): o is string => typeof o === 'string')
              .sort();
            return owners[0];
          },
        });
        const addedIds = new Set<string>();
        for (const { source, locationRef, schedule } of addedSources) {
          // The source id names the provider, whose name the catalog keys entities by.
          if (addedIds.has(source.id))
            throw new Error(
              `Model source '${source.id}' was added more than once`,
            );
          addedIds.add(source.id);
          providers.push(
            ModelSourceEntityProvider.create({
              name: `ModelSourceEntityProvider:${source.id}`,
              source,
              locationRef,
              logger,
              taskRunner: scheduler.createScheduledTaskRunner(schedule),
            }),
          );
        }
        processing.addEntityProvider(providers);
        const apis = SuiteApiEntityProvider.fromConfig(config, {
          discovery,
          auth,
          logger,
          scheduler,
        });
        if (apis) processing.addEntityProvider(apis);
        httpRouter.use(
          createModelCardRouter({ httpAuth, catalog, modelCards }),
        );
      },
    });
  },
});
