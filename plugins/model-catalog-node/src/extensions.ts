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
  /**
   * Adds sources. Each source id may be added once; a second source with the
   * same id stops the catalog from starting.
   */
  addModelSource(...sources: ModelSourceRegistration[]): void;
}

/**
 * The extension point through which backend modules of the catalog add
 * model sources; see {@link ModelSourcesExtensionPoint}.
 *
 * @public
 */
export const modelSourcesExtensionPoint =
  createExtensionPoint<ModelSourcesExtensionPoint>({
    id: 'catalog.model-catalog.sources',
  });
