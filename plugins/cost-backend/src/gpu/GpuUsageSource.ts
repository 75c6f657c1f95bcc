import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';
import {
  EntityUsage,
  GroupUsage,
} from '@ai-platform/plugin-gpu-metrics-common';

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
 * gpu-metrics backend, through discovery with the plugin's service token.
 */
export class BackendGpuUsageSource implements GpuUsageSource {
  static create(options: {
    discovery: DiscoveryService;
    auth: AuthService;
  }): BackendGpuUsageSource {
    return new BackendGpuUsageSource(options.discovery, options.auth);
  }

  private constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  private async get<T>(pluginId: string, path: string): Promise<T> {
    const base = await this.discovery.getBaseUrl(pluginId);
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: pluginId,
    });
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
    } catch (error) {
      // Named by plugin id: the discovered address stays out of messages.
      throw new Error(`the ${pluginId} backend could not be reached`, {
        cause: error,
      });
    }
    if (!response.ok) {
      // ResponseError's message has the status, not the URL.
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  async grants(): Promise<GpuRequest[]> {
    const { items } = await this.get<{ items: GpuRequest[] }>(
      'gpu-provisioning',
      '/requests?scope=all',
    );
    return items.filter(r => Boolean(r.activeSince));
  }

  async utilisation(
    subject: { entityRef?: string; team: string },
    window: '7d' | '30d',
  ): Promise<number | null> {
    const params = new URLSearchParams({ window });
    if (subject.entityRef) {
      params.set('entityRef', subject.entityRef);
      const usage = await this.get<EntityUsage>(
        'gpu-metrics',
        `/entity?${params}`,
      );
      return usage.utilisation.mean;
    }
    params.set('groupRef', subject.team);
    const usage = await this.get<GroupUsage>('gpu-metrics', `/group?${params}`);
    return usage.utilisation.mean;
  }
}
