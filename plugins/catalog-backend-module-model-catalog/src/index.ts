/***/
/**
 * The model-catalog backend module for the catalog plugin.
 *
 * @packageDocumentation
 */

export { catalogModuleModelCatalog as default } from './module';
