export { modelCatalogPlugin as default } from './plugin';
