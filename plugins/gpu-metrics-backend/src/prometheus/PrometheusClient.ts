import { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';

/** An instant-vector sample. */
export interface InstantSample {
  metric: Record<string, string>;
  value: number;
}

/** A range-vector series. */
export interface RangeSeries {
  metric: Record<string, string>;
  values: Array<[number, number]>;
}

/** Queries one Prometheus for one cluster. */
export interface PrometheusQuerier {
  instant(expr: string, at: number): Promise<InstantSample[]>;
  range(
    expr: string,
    range: { start: number; end: number; step: number },
  ): Promise<RangeSeries[]>;
}

interface CacheEntry {
  expires: number;
  value: Promise<unknown>;
}

/**
 * A Prometheus HTTP API client with a short-lived cache of responses by query
 * and time. Unreachable, failing or slow servers become
 * `ServiceUnavailableError`s naming the Prometheus by the `cluster` key it is
 * configured under; its URL, headers and response body go to the log only,
 * never into an error a caller sees.
 */
export class PrometheusClient implements PrometheusQuerier {
  private readonly cache = new Map<string, CacheEntry>();

  private constructor(
    private readonly options: {
      cluster: string;
      configuredAs: string;
      url: string;
      headers: Record<string, string>;
      cacheTtlMs: number;
      timeoutMs: number;
      logger: LoggerService;
    },
  ) {}

  /**
   * A client for the Prometheus at `url` holding `cluster`'s metrics,
   * configured under the `cluster` key `configuredAs` (the cluster, or `*`).
   */
  static create(options: {
    cluster: string;
    configuredAs?: string;
    url: string;
    headers?: Record<string, string>;
    cacheTtlMs: number;
    timeoutMs: number;
    logger: LoggerService;
  }): PrometheusClient {
    return new PrometheusClient({
      headers: {},
      configuredAs: options.cluster,
      ...options,
    });
  }

  async instant(expr: string, at: number): Promise<InstantSample[]> {
    const data = (await this.get('query', {
      query: expr,
      time: String(at),
    })) as Array<{ metric: Record<string, string>; value: [number, string] }>;
    return data.map(s => ({ metric: s.metric, value: Number(s.value[1]) }));
  }

  async range(
    expr: string,
    range: { start: number; end: number; step: number },
  ): Promise<RangeSeries[]> {
    const data = (await this.get('query_range', {
      query: expr,
      start: String(range.start),
      end: String(range.end),
      step: String(range.step),
    })) as Array<{
      metric: Record<string, string>;
      values: Array<[number, string]>;
    }>;
    return data.map(s => ({
      metric: s.metric,
      values: s.values.map(([t, v]) => [t, Number(v)]),
    }));
  }

  private get(api: string, params: Record<string, string>): Promise<unknown> {
    const key = `${api}?${new URLSearchParams(params)}`;
    const now = Date.now();
    for (const [k, entry] of this.cache) {
      if (entry.expires <= now) this.cache.delete(k);
    }
    const cached = this.cache.get(key);
    if (cached) return cached.value;
    const value = this.fetchData(api, params);
    this.cache.set(key, { expires: now + this.options.cacheTtlMs, value });
    value.catch(() => this.cache.delete(key));
    return value;
  }

  private async fetchData(
    api: string,
    params: Record<string, string>,
  ): Promise<unknown> {
    const { cluster, configuredAs, url, headers, timeoutMs, logger } =
      this.options;
    const where =
      configuredAs === cluster
        ? `The Prometheus configured for cluster '${cluster}'`
        : `The Prometheus configured for cluster '${configuredAs}' (asked for cluster '${cluster}')`;
    /** Logs the detail for operators; the caller gets `message` only. */
    const failure = (
      message: string,
      detail: Record<string, unknown>,
      unavailable = true,
    ) => {
      logger.warn(message, { cluster, configuredAs, url, api, ...detail });
      return unavailable
        ? new ServiceUnavailableError(message)
        : new Error(message);
    };
    let response: Response;
    let body: string;
    try {
      response = await fetch(`${url}/api/v1/${api}`, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
      body = await response.text();
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw failure(
        timedOut
          ? `${where} did not answer within ${timeoutMs / 1000} s`
          : `${where} is unreachable`,
        { error: String(error), cause: String((error as Error).cause ?? '') },
      );
    }
    if (response.status >= 500 || response.status === 429) {
      throw failure(`${where} answered ${response.status}`, {
        body: body.slice(0, 500),
      });
    }
    if (!response.ok) {
      throw failure(
        `${where} refused a query (${response.status})`,
        { body: body.slice(0, 500) },
        false,
      );
    }
    try {
      return JSON.parse(body).data.result;
    } catch (error) {
      throw failure(`${where} did not answer with Prometheus JSON`, {
        error: String(error),
        body: body.slice(0, 200),
      });
    }
  }
}
