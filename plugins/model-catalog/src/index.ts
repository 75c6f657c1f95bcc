/**
 * The model catalog: a model explorer page and model entity pages.
 *
 * @packageDocumentation
 */

export {
  modelCatalogPlugin,
  ModelExplorerPage,
  EntityModelContent,
  EntityModelOverviewCard,
  EntityModelGpuFitCard,
  EntityModelCardCard,
} from './plugin';
export { isModelEntity } from '@ai-platform/plugin-model-catalog-common';
export { modelCatalogApiRef, ModelCatalogClient } from './api';
export type { ModelCatalogApi, ModelCard } from './api';
export { rootRouteRef as modelCatalogRouteRef } from './routes';
