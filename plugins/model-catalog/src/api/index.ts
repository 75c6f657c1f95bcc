export { modelCatalogApiRef } from './ModelCatalogApi';
export type { ModelCatalogApi, ModelCard } from './ModelCatalogApi';
export { ModelCatalogClient } from './ModelCatalogClient';
