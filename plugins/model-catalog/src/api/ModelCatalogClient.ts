import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { GpuClassMemory } from '@ai-platform/plugin-model-catalog-common';
import { GpuProvisioningClient } from '@ai-platform/plugin-gpu-provisioning-react';
import {
  GpuMetricsApiClient,
  ServingUsage,
  UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';
import { ModelCard, ModelCatalogApi } from './ModelCatalogApi';

/**
 * Reads model cards from the catalog (`/model-cards/:namespace/:name` of the
 * model catalog module) and GPU classes from the gpu-provisioning backend
 * (through `GpuProvisioningClient` of gpu-provisioning-react) and serving
 * figures from the gpu-metrics backend (through its generated client), with
 * the user's credentials.
 *
 * @public
 */
export class ModelCatalogClient implements ModelCatalogApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly gpuProvisioning: GpuProvisioningClient;
  private readonly gpuMetrics: GpuMetricsApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.gpuProvisioning = new GpuProvisioningClient(options);
    this.gpuMetrics = new GpuMetricsApiClient(options);
  }

  /** {@inheritDoc ModelCatalogApi.getModelCard} */
  async getModelCard(options: {
    namespace: string;
    name: string;
  }): Promise<ModelCard> {
    const base = await this.discoveryApi.getBaseUrl('catalog');
    return this.get(
      `${base}/model-cards/${encodeURIComponent(
        options.namespace,
      )}/${encodeURIComponent(options.name)}`,
    );
  }

  /** {@inheritDoc ModelCatalogApi.getGpuClasses} */
  async getGpuClasses(): Promise<GpuClassMemory[]> {
    const { classes } = await this.gpuProvisioning.getClasses();
    return classes.map(c => ({
      id: c.id,
      displayName: c.displayName,
      memoryMiB: c.memoryMiB,
    }));
  }

  /** {@inheritDoc ModelCatalogApi.getServing} */
  async getServing(options: {
    entityRef: string;
    window: UsageWindow;
  }): Promise<ServingUsage> {
    const response = await this.gpuMetrics.getEntityServing({
      query: { entityRef: options.entityRef, window: options.window },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response as Response);
    }
    // The generated body type is the OpenAPI rendering of the same shape.
    return (await response.json()) as ServingUsage;
  }

  private async get<T>(url: string): Promise<T> {
    const response = await this.fetchApi.fetch(url);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
