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
  EntityModelServingContent,
  EntityServingCard,
} from './plugin';
export { isServingEntity } from './entities/isServingEntity';
export type { ServingCardProps } from './components/ModelServing';
export { isModelEntity } from '@ai-platform/plugin-model-catalog-common';
export { modelCatalogApiRef, ModelCatalogClient } from './api';
export type { ModelCatalogApi, ModelCard } from './api';
export { rootRouteRef as modelCatalogRouteRef } from './routes';
