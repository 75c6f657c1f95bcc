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
 * `ServiceUnavailableError`s naming the Prometheus and the cluster.
 */
export class PrometheusClient implements PrometheusQuerier {
  private readonly cache = new Map<string, CacheEntry>();

  private constructor(
    private readonly options: {
      cluster: string;
      url: string;
      headers: Record<string, string>;
      cacheTtlMs: number;
      timeoutMs: number;
    },
  ) {}

  /** A client for the Prometheus at `url` holding `cluster`'s metrics. */
  static create(options: {
    cluster: string;
    url: string;
    headers?: Record<string, string>;
    cacheTtlMs: number;
    timeoutMs: number;
  }): PrometheusClient {
    return new PrometheusClient({ headers: {}, ...options });
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
    const { cluster, url, headers, timeoutMs } = this.options;
    const where = `Prometheus ${url} for cluster '${cluster}'`;
    let response: Response;
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
    } catch (error) {
      throw new ServiceUnavailableError(
        `${where} is unreachable: ${(error as Error).message}`,
      );
    }
    const body = await response.text();
    if (response.status >= 500 || response.status === 429) {
      throw new ServiceUnavailableError(
        `${where} answered ${response.status}: ${body.slice(0, 200)}`,
      );
    }
    if (!response.ok) {
      throw new Error(
        `${where} refused a query (${response.status}): ${body.slice(0, 200)}`,
      );
    }
    return JSON.parse(body).data.result;
  }
}
