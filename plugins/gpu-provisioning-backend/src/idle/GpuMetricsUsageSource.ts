import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  GpuMetricsApiClient,
  GpuMetricsTypedResponse as TypedResponse,
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
 * Grants' namespace usage from gpu-metrics, through its generated client
 * with this plugin's service token: one namespace at a time, or a cluster's
 * namespaces at once for a pass over many grants ({@link batch}).
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

  /** One namespace: gpu-metrics' `GET /namespace-usage`. */
  async usage(options: {
    cluster: string;
    namespace: string;
    since: Date;
  }): Promise<GrantUsage> {
    const now = this.now();
    const { window, ms } = windowSince(options.since, now);
    const { cluster, namespace } = options;
    const body = await this.call(token =>
      this.client.getNamespaceUsage(
        { query: { cluster, namespace, window } },
        { token },
      ),
    );
    return {
      lastBusyAt: body.lastBusyAt,
      windowStart: new Date(now.getTime() - ms).toISOString(),
    };
  }

  /**
   * Many namespaces: gpu-metrics' `GET /namespace-usages`, once per cluster
   * and window for the view's life (a namespace it does not list held no
   * GPU in the window: never busy).
   */
  batch(): Pick<GrantUsageSource, 'usage'> {
    const lists = new Map<string, Promise<Map<string, string | null>>>();
    const lastBusyByNamespace = (cluster: string, window: UsageWindow) => {
      const key = `${cluster}\n${window}`;
      let list = lists.get(key);
      if (!list) {
        list = this.call(token =>
          this.client.listNamespaceUsage(
            { query: { cluster, window } },
            { token },
          ),
        ).then(
          body => new Map(body.items.map(i => [i.namespace, i.lastBusyAt])),
        );
        lists.set(key, list);
      }
      return list;
    };
    return {
      usage: async ({ cluster, namespace, since }) => {
        const now = this.now();
        const { window, ms } = windowSince(since, now);
        const lastBusy = await lastBusyByNamespace(cluster, window);
        return {
          lastBusyAt: lastBusy.get(namespace) ?? null,
          windowStart: new Date(now.getTime() - ms).toISOString(),
        };
      },
    };
  }

  /** A call to gpu-metrics with this plugin's token; its JSON, or the error it answered. */
  private async call<T>(
    send: (token: string) => Promise<TypedResponse<T>>,
  ): Promise<T> {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'gpu-metrics',
    });
    let response: TypedResponse<T>;
    try {
      response = await send(token);
    } catch (error) {
      // Named by plugin id: the discovered address stays out of messages.
      throw new Error('the gpu-metrics backend could not be reached', {
        cause: error,
      });
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response as unknown as Response);
    }
    return response.json();
  }
}
