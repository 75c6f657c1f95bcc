/**
 * Extension points of the model catalog module: model registry sources that
 * other teams' backend modules add.
 *
 * @packageDocumentation
 */

export { modelSourcesExtensionPoint } from './extensions';
export type { ModelSourcesExtensionPoint } from './extensions';
export type {
  ModelSource,
  ModelSourceRegistration,
  SourceSnapshot,
} from './types';
