import { createApiRef } from '@backstage/core-plugin-api';
import type { GpuClassMemory } from '@ai-platform/plugin-model-catalog-common';
import type {
  ServingUsage,
  UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';
import type {
  ServingCosts,
  ServingCostsList,
} from '@ai-platform/plugin-cost-common';

/**
 * A model card as the catalog module serves it.
 *
 * @public
 */
export interface ModelCard {
  /** The YAML front matter. */
  frontMatter: Record<string, unknown>;
  /** The Markdown after the front matter. */
  body: string;
}

/**
 * What the model catalog pages need from the backend.
 *
 * @public
 */
export interface ModelCatalogApi {
  /** The rendered model card of a model entity. */
  getModelCard(options: {
    namespace: string;
    name: string;
  }): Promise<ModelCard>;
  /** The GPU classes the fleet offers, from the gpu-provisioning backend. */
  getGpuClasses(): Promise<GpuClassMemory[]>;
  /**
   * What a model server entity served over a window and for whom, from the
   * gpu-metrics backend (vLLM, DCGM and AI gateway metrics).
   */
  getServing(options: {
    entityRef: string;
    window: UsageWindow;
  }): Promise<ServingUsage>;
  /**
   * What a model server entity cost to serve over a window, per 1M input and
   * output tokens, and each caller's share, from the cost backend.
   */
  getServingCosts(options: {
    entityRef: string;
    window: UsageWindow;
  }): Promise<ServingCosts>;
  /** Every model server's unit prices over a window, from the cost backend. */
  listServingCosts(options: { window: UsageWindow }): Promise<ServingCostsList>;
}

/**
 * The model catalog API.
 *
 * @public
 */
export const modelCatalogApiRef = createApiRef<ModelCatalogApi>({
  id: 'plugin.model-catalog.api',
});
