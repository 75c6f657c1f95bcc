import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { NotFoundError, ResponseError } from '@backstage/errors';
import {
  GpuMetricsApiClient,
  GpuMetricsTypedResponse,
} from '@ai-platform/plugin-gpu-metrics-common';
import {
  ServingError,
  ServingFigures,
  ServingServer,
  ServingUsageSource,
  ServingUsageWindow,
} from './types';

/**
 * Reads serving figures from the gpu-metrics backend through its generated
 * client, with the cost plugin's own service token (the cost plugin checks
 * its callers' permissions itself).
 */
export class BackendServingUsageSource implements ServingUsageSource {
  static create(options: {
    discovery: DiscoveryService;
    auth: AuthService;
  }): BackendServingUsageSource {
    return new BackendServingUsageSource(options.discovery, options.auth);
  }

  private readonly client: GpuMetricsApiClient;

  private constructor(
    discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {
    this.client = new GpuMetricsApiClient({ discoveryApi: discovery });
  }

  private async call<T>(
    send: (options: { token: string }) => Promise<GpuMetricsTypedResponse<T>>,
  ): Promise<T> {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'gpu-metrics',
    });
    let response: GpuMetricsTypedResponse<T>;
    try {
      response = await send({ token });
    } catch (error) {
      // Named by plugin id: the discovered address stays out of messages.
      throw new Error('the gpu-metrics backend could not be reached', {
        cause: error,
      });
    }
    if (response.status === 404) {
      // The entity is not in the catalog: the caller's 404, not our 500.
      const error = await ResponseError.fromResponse(response as Response);
      throw new NotFoundError(error.body.error.message);
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response as Response);
    }
    return response.json();
  }

  async entityServing(
    entityRef: string,
    window: ServingUsageWindow,
  ): Promise<ServingFigures & { errors: ServingError[] }> {
    const usage = await this.call(options =>
      this.client.getEntityServing({ query: { entityRef, window } }, options),
    );
    return {
      totals: usage.totals,
      consumers: usage.consumers,
      unattributed: usage.unattributed,
      errors: usage.errors,
    };
  }

  async servers(
    over: { window: ServingUsageWindow } | { day: string },
  ): Promise<{ servers: ServingServer[]; errors: ServingError[] }> {
    const answer = await this.call(options =>
      this.client.listServingServers({ query: over }, options),
    );
    return {
      servers: answer.servers.map(s => ({
        cluster: s.cluster,
        namespace: s.namespace,
        serverAddress: s.serverAddress,
        models: s.models,
        ...(s.entityRef ? { entityRef: s.entityRef } : {}),
        ...(s.ownerRef ? { ownerRef: s.ownerRef } : {}),
        totals: s.totals,
        consumers: s.consumers,
        unattributed: s.unattributed,
      })),
      errors: answer.errors,
    };
  }
}
