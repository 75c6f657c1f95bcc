import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { GpuClassMemory } from '@ai-platform/plugin-model-catalog-common';
import { GpuProvisioningClient } from '@ai-platform/plugin-gpu-provisioning-react';
import {
  GpuMetricsApiClient,
  ServingUsage,
  UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';
import {
  CostApiClient,
  ServingCosts,
  ServingCostsList,
} from '@ai-platform/plugin-cost-common';
import { ModelCard, ModelCatalogApi } from './ModelCatalogApi';

/**
 * Reads model cards from the catalog (`/model-cards/:namespace/:name` of the
 * model catalog module) and GPU classes from the gpu-provisioning backend
 * (through `GpuProvisioningClient` of gpu-provisioning-react) and serving
 * figures and serving costs from the gpu-metrics and cost backends (through
 * their generated clients), with the user's credentials.
 *
 * @public
 */
export class ModelCatalogClient implements ModelCatalogApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly gpuProvisioning: GpuProvisioningClient;
  private readonly gpuMetrics: GpuMetricsApiClient;
  private readonly cost: CostApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.gpuProvisioning = new GpuProvisioningClient(options);
    this.gpuMetrics = new GpuMetricsApiClient(options);
    this.cost = new CostApiClient(options);
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
    // The generated body type is the OpenAPI rendering of the same shape.
    return (await read(
      this.gpuMetrics.getEntityServing({
        query: { entityRef: options.entityRef, window: options.window },
      }),
    )) as ServingUsage;
  }

  /** {@inheritDoc ModelCatalogApi.getServingCosts} */
  async getServingCosts(options: {
    entityRef: string;
    window: UsageWindow;
  }): Promise<ServingCosts> {
    return read(
      this.cost.getServingCosts({
        query: { entityRef: options.entityRef, window: options.window },
      }),
    );
  }

  /** {@inheritDoc ModelCatalogApi.listServingCosts} */
  async listServingCosts(options: {
    window: UsageWindow;
  }): Promise<ServingCostsList> {
    return read(
      this.cost.listServingCosts({ query: { window: options.window } }),
    );
  }

  private async get<T>(url: string): Promise<T> {
    const response = await this.fetchApi.fetch(url);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

/** The body of a generated client's successful answer; a failed one throws with its status. */
async function read<T>(
  pending: Promise<{ ok: boolean; json(): Promise<T> }>,
): Promise<T> {
  const response = await pending;
  if (!response.ok) {
    throw await ResponseError.fromResponse(response as unknown as Response);
  }
  return response.json();
}
