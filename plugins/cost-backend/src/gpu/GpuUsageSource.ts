import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import {
  GpuProvisioningApiClient,
  TypedResponse,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { GpuMetricsApiClient } from '@ai-platform/plugin-gpu-metrics-common';

/** Where GPU grants and their utilisation come from. */
export interface GpuUsageSource {
  /** Every GPU request that was ever active. */
  grants(): Promise<GpuRequest[]>;
  /**
   * Mean utilisation (0–100) of an entity's, or a team's, GPUs over the last
   * `window`, or null without samples.
   */
  utilisation(
    subject: { entityRef?: string; team: string },
    window: '7d' | '30d',
  ): Promise<number | null>;
}

/**
 * Reads grants from the gpu-provisioning backend and utilisation from the
 * gpu-metrics backend, through their generated clients with the plugin's
 * service token.
 */
export class BackendGpuUsageSource implements GpuUsageSource {
  static create(options: {
    discovery: DiscoveryService;
    auth: AuthService;
  }): BackendGpuUsageSource {
    return new BackendGpuUsageSource(options.discovery, options.auth);
  }

  private readonly gpuProvisioning: GpuProvisioningApiClient;
  private readonly gpuMetrics: GpuMetricsApiClient;

  private constructor(
    discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {
    this.gpuProvisioning = new GpuProvisioningApiClient({
      discoveryApi: discovery,
    });
    this.gpuMetrics = new GpuMetricsApiClient({ discoveryApi: discovery });
  }

  /** The answer of `call` with this plugin's token for `pluginId`. */
  private async call<T>(
    pluginId: 'gpu-provisioning' | 'gpu-metrics',
    call: (options: { token: string }) => Promise<TypedResponse<T>>,
  ): Promise<T> {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: pluginId,
    });
    let response: TypedResponse<T>;
    try {
      response = await call({ token });
    } catch (error) {
      // Named by plugin id: the discovered address stays out of messages.
      throw new Error(`the ${pluginId} backend could not be reached`, {
        cause: error,
      });
    }
    if (!response.ok) {
      // ResponseError's message has the status, not the URL.
      throw await ResponseError.fromResponse(response as Response);
    }
    return response.json();
  }

  async grants(): Promise<GpuRequest[]> {
    const { items } = await this.call('gpu-provisioning', options =>
      this.gpuProvisioning.listRequests({ query: { scope: 'all' } }, options),
    );
    return items.filter(r => Boolean(r.activeSince)) as GpuRequest[];
  }

  async utilisation(
    subject: { entityRef?: string; team: string },
    window: '7d' | '30d',
  ): Promise<number | null> {
    const { entityRef } = subject;
    const usage = entityRef
      ? await this.call('gpu-metrics', options =>
          this.gpuMetrics.getEntityUsage(
            { query: { window, entityRef } },
            options,
          ),
        )
      : await this.call('gpu-metrics', options =>
          this.gpuMetrics.getGroupUsage(
            { query: { window, groupRef: subject.team } },
            options,
          ),
        );
    return usage.utilisation.mean;
  }
}
