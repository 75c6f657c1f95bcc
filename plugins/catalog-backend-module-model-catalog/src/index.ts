/**
 * The model catalog module for the Backstage catalog: model entities from
 * MLflow, Kubeflow Model Registry and KServe, model cards, the processor
 * that validates them, and API entities of the suite's backends
 * (`catalog.providers.aiPlatformApis`). Other teams add model sources
 * through `modelSourcesExtensionPoint` of
 * `@ai-platform/plugin-model-catalog-node`.
 *
 * @packageDocumentation
 */

export { catalogModuleModelCatalog as default } from './module';
export { SUITE_API_PLUGINS } from './apis/readSuiteApisConfig';
export { suiteApiEntityName } from './apis/suiteApiEntity';
