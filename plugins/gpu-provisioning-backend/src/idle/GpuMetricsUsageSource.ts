import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  GpuMetricsApiClient,
  USAGE_WINDOWS,
  UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';
import { GrantUsage, GrantUsageSource } from './types';

const HOUR_MS = 3_600_000;

/** The length of each of gpu-metrics' usage windows. */
const WINDOW_MS: Record<UsageWindow, number> = {
  '1h': HOUR_MS,
  '6h': 6 * HOUR_MS,
  '24h': 24 * HOUR_MS,
  '7d': 7 * 24 * HOUR_MS,
  '30d': 30 * 24 * HOUR_MS,
};

/**
 * The shortest window reaching back to `since`, so a grant's whole life is
 * seen when it can be (grants last at most 30 days by default); the longest
 * otherwise.
 */
export function windowSince(
  since: Date,
  now: Date,
): { window: UsageWindow; ms: number } {
  const age = now.getTime() - since.getTime();
  const window =
    USAGE_WINDOWS.find(w => WINDOW_MS[w] >= age) ??
    USAGE_WINDOWS[USAGE_WINDOWS.length - 1];
  return { window, ms: WINDOW_MS[window] };
}

/**
 * A grant's namespace usage from gpu-metrics' `GET /namespace-usage`,
 * through its generated client with this plugin's service token.
 */
export class GpuMetricsUsageSource implements GrantUsageSource {
  static create(options: {
    discovery: DiscoveryService;
    auth: AuthService;
    /** The clock, for tests. */
    now?: () => Date;
  }): GpuMetricsUsageSource {
    return new GpuMetricsUsageSource(
      new GpuMetricsApiClient({ discoveryApi: options.discovery }),
      options.auth,
      options.now ?? (() => new Date()),
    );
  }

  private constructor(
    private readonly client: GpuMetricsApiClient,
    private readonly auth: AuthService,
    private readonly now: () => Date,
  ) {}

  async usage(options: {
    cluster: string;
    namespace: string;
    since: Date;
  }): Promise<GrantUsage> {
    const now = this.now();
    const { window, ms } = windowSince(options.since, now);
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'gpu-metrics',
    });
    let response: Awaited<ReturnType<GpuMetricsApiClient['getNamespaceUsage']>>;
    try {
      response = await this.client.getNamespaceUsage(
        {
          query: {
            cluster: options.cluster,
            namespace: options.namespace,
            window,
          },
        },
        { token },
      );
    } catch (error) {
      // Named by plugin id: the discovered address stays out of messages.
      throw new Error('the gpu-metrics backend could not be reached', {
        cause: error,
      });
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response as Response);
    }
    const body = await response.json();
    return {
      lastBusyAt: body.lastBusyAt,
      windowStart: new Date(now.getTime() - ms).toISOString(),
    };
  }
}
