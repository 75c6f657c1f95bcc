/**
 * The model catalog module for the Backstage catalog: model entities from
 * MLflow, Kubeflow Model Registry and KServe, model cards, and the processor
 * that validates them.
 *
 * @packageDocumentation
 */

export { catalogModuleModelCatalog as default } from './module';
export { ModelEntityProcessor } from './processor/ModelEntityProcessor';
export type { ModelEntityProcessorOptions } from './processor/ModelEntityProcessor';
export {
  ModelCardReader,
  ModelCardTooLargeError,
} from './modelCards/ModelCardReader';
export type {
  ModelCardReaderOptions,
  ModelCardTarget,
  ModelCardContent,
} from './modelCards/ModelCardReader';
export { parseModelCard } from './modelCards/parseModelCard';
export type { ParsedModelCard } from './modelCards/parseModelCard';
export { ModelSourceEntityProvider } from './providers/ModelSourceEntityProvider';
export type {
  ModelSourceEntityProviderOptions,
  RefreshOutcome,
} from './providers/ModelSourceEntityProvider';
export { MlflowModelSource } from './providers/MlflowModelSource';
export type { MlflowModelSourceOptions } from './providers/MlflowModelSource';
export { KubeflowModelSource } from './providers/KubeflowModelSource';
export type { KubeflowModelSourceOptions } from './providers/KubeflowModelSource';
export { KServeModelServerSource } from './providers/KServeModelServerSource';
export type {
  KServeModelServerSourceOptions,
  NamespaceOwnerLookup,
} from './providers/KServeModelServerSource';
export type { ModelSource, SourceSnapshot } from './providers/types';
