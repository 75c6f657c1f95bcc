import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ModelCatalogClient, modelCatalogApiRef } from './api';
import { rootRouteRef } from './routes';
import type { ServingCardProps } from './components/ModelServing';

/**
 * The model catalog for apps on the legacy frontend system. Apps on the new
 * frontend system use the default export of
 * `@ai-platform/plugin-model-catalog/alpha` instead.
 *
 * @public
 */
export const modelCatalogPlugin = createPlugin({
  id: 'model-catalog',
  apis: [
    createApiFactory({
      api: modelCatalogApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ModelCatalogClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The model explorer. Mount it at `/models`.
 *
 * @public
 */
export const ModelExplorerPage: () => JSX.Element = modelCatalogPlugin.provide(
  createRoutableExtension({
    name: 'ModelExplorerPage',
    component: () =>
      import('./components/ModelExplorerPage').then(m => m.ModelExplorerPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The "Model" tab content for model entities.
 *
 * @public
 */
export const EntityModelContent: () => JSX.Element = modelCatalogPlugin.provide(
  createComponentExtension({
    name: 'EntityModelContent',
    component: {
      lazy: () =>
        import('./components/ModelEntityContent').then(
          m => m.ModelEntityContent,
        ),
    },
  }),
);

/**
 * The model facts and "Deploy" card.
 *
 * @public
 */
export const EntityModelOverviewCard: () => JSX.Element =
  modelCatalogPlugin.provide(
    createComponentExtension({
      name: 'EntityModelOverviewCard',
      component: {
        lazy: () =>
          import('./components/ModelEntityContent').then(
            m => m.ModelOverviewCard,
          ),
      },
    }),
  );

/**
 * The GPU fit card.
 *
 * @public
 */
export const EntityModelGpuFitCard: () => JSX.Element =
  modelCatalogPlugin.provide(
    createComponentExtension({
      name: 'EntityModelGpuFitCard',
      component: {
        lazy: () =>
          import('./components/ModelEntityContent').then(
            m => m.ModelGpuFitCard,
          ),
      },
    }),
  );

/**
 * The rendered model card.
 *
 * @public
 */
export const EntityModelCardCard: () => JSX.Element =
  modelCatalogPlugin.provide(
    createComponentExtension({
      name: 'EntityModelCardCard',
      component: {
        lazy: () =>
          import('./components/ModelEntityContent').then(m => m.ModelCardCard),
      },
    }),
  );

/**
 * The "Serving" tab content: on a model, the serving economics of each model
 * server that serves it; on a model server, its own. Show it where
 * `isServingEntity` holds.
 *
 * @public
 */
export const EntityModelServingContent: () => JSX.Element =
  modelCatalogPlugin.provide(
    createComponentExtension({
      name: 'EntityModelServingContent',
      component: {
        lazy: () =>
          import('./components/ModelServing').then(m => m.ModelServingContent),
      },
    }),
  );

/**
 * The serving economics of one model server entity (the page's entity
 * unless `entityRef` is given), for a custom layout.
 *
 * @public
 */
export const EntityServingCard: (props: ServingCardProps) => JSX.Element =
  modelCatalogPlugin.provide(
    createComponentExtension({
      name: 'EntityServingCard',
      component: {
        lazy: () =>
          import('./components/ModelServing').then(m => m.ServingCard),
      },
    }),
  );
