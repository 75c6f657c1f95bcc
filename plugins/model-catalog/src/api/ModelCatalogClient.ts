import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { GpuClassMemory } from '@ai-platform/plugin-model-catalog-common';
import { GpuProvisioningClient } from '@ai-platform/plugin-gpu-provisioning-react';
import { ModelCard, ModelCatalogApi } from './ModelCatalogApi';

/**
 * Reads model cards from the catalog (`/model-cards/:namespace/:name` of the
 * model catalog module) and GPU classes from the gpu-provisioning backend
 * (through `GpuProvisioningClient` of gpu-provisioning-react), with the user's credentials.
 *
 * @public
 */
export class ModelCatalogClient implements ModelCatalogApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly gpuProvisioning: GpuProvisioningClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.gpuProvisioning = new GpuProvisioningClient(options);
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

  private async get<T>(url: string): Promise<T> {
    const response = await this.fetchApi.fetch(url);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
