import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { ModelSourceRegistration } from './types';

/**
 * Adds model registries (or model servers) to the model catalog module.
 * Each source becomes an entity provider like the built-in MLflow, Kubeflow
 * and KServe ones: read on its schedule with retries, its entities completed
 * and validated by the model processor, and kept when a read fails.
 *
 * @public
 */
export interface ModelSourcesExtensionPoint {
  addModelSource(...sources: ModelSourceRegistration[]): void;
}

/** @public */
export const modelSourcesExtensionPoint =
  createExtensionPoint<ModelSourcesExtensionPoint>({
    id: 'catalog.model-catalog.sources',
  });
