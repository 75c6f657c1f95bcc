import { promqlAlternation, promqlString } from '../prometheus/promql';
import { PodsByNamespace } from '../prometheus/GpuQueries';

/** The vLLM families the serving figures read (vLLM's own names). */
export const VLLM = {
  promptTokens: 'vllm:prompt_tokens_total',
  generationTokens: 'vllm:generation_tokens_total',
  requests: 'vllm:request_success_total',
  ttftSum: 'vllm:time_to_first_token_seconds_sum',
  e2eSum: 'vllm:e2e_request_latency_seconds_sum',
  ttftBucket: 'vllm:time_to_first_token_seconds_bucket',
  e2eBucket: 'vllm:e2e_request_latency_seconds_bucket',
  /** A gauge every server exports: its presence marks a serving pod. */
  running: 'vllm:num_requests_running',
} as const;

/** The counters summed per pod over a window. */
export const VLLM_COUNTERS = [
  'promptTokens',
  'generationTokens',
  'requests',
  'ttftSum',
  'e2eSum',
] as const;

/** One of {@link VLLM_COUNTERS}. */
export type VllmCounter = (typeof VLLM_COUNTERS)[number];

/** The OpenTelemetry GenAI token histogram as the gateway exports it. */
export const GATEWAY_TOKENS_SUM = 'gen_ai_client_token_usage_sum';

/**
 * Builds the PromQL of the serving figures for one cluster. Namespaces and
 * pods come from the Kubernetes API or from Prometheus' own results, server
 * addresses from the pods' `app` label and namespace; each reaches the text
 * only through {@link promqlString} and {@link promqlAlternation}. Callers'
 * `user_id` never does: it is only read back from results.
 */
export class ServingQueries {
  private constructor(
    private readonly options: { clusterLabel?: string; cluster: string },
  ) {}

  static forCluster(options: {
    clusterLabel?: string;
    cluster: string;
  }): ServingQueries {
    return new ServingQueries(options);
  }

  private matchers(job: string): string[] {
    const { clusterLabel, cluster } = this.options;
    return [
      `job=${promqlString(job)}`,
      ...(clusterLabel ? [`${clusterLabel}=${promqlString(cluster)}`] : []),
    ];
  }

  /**
   * Selectors of a vLLM `metric`: of the given pods (one per namespace), or
   * of every vLLM pod of the cluster when `pods` is undefined.
   */
  private vllmSelectors(metric: string, pods?: PodsByNamespace): string[] {
    const base = this.matchers('vllm');
    if (!pods) return [`${metric}{${base.join(',')}}`];
    const parts = [...pods.entries()]
      .filter(([, names]) => names.length > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([namespace, names]) => {
        const matchers = [
          ...base,
          `namespace=${promqlString(namespace)}`,
          `pod=~${promqlAlternation([...new Set(names)].sort())}`,
        ];
        return `${metric}{${matchers.join(',')}}`;
      });
    if (parts.length === 0) throw new Error('No pods to select');
    return parts;
  }

  /** `fn` over each selector, joined with `or` (the namespaces' series are disjoint). */
  private over(
    metric: string,
    pods: PodsByNamespace | undefined,
    fn: (selector: string) => string,
  ): string {
    const parts = this.vllmSelectors(metric, pods).map(fn);
    return parts.length === 1 ? parts[0] : `(${parts.join(' or ')})`;
  }

  /** Per pod and model: the pods with vLLM series in the last `seconds`. */
  servingPods(seconds: number, pods?: PodsByNamespace): string {
    return `count by (namespace, pod, model_name) (${this.over(
      VLLM.running,
      pods,
      sel => `last_over_time(${sel}[${seconds}s])`,
    )})`;
  }

  /** Per pod: a counter's increase over the last `seconds`. */
  counterIncrease(
    counter: VllmCounter,
    seconds: number,
    pods?: PodsByNamespace,
  ): string {
    return `sum by (namespace, pod) (${this.over(
      VLLM[counter],
      pods,
      sel => `increase(${sel}[${seconds}s])`,
    )})`;
  }

  /** Per pod and bucket: a latency histogram's increase over the last `seconds`. */
  bucketIncrease(
    histogram: 'ttftBucket' | 'e2eBucket',
    seconds: number,
    pods?: PodsByNamespace,
  ): string {
    return `sum by (namespace, pod, le) (${this.over(
      VLLM[histogram],
      pods,
      sel => `increase(${sel}[${seconds}s])`,
    )})`;
  }

  /** Per pod: a counter's per-second rate over `seconds` (for range queries). */
  counterRate(counter: VllmCounter, seconds: number, pods: PodsByNamespace) {
    return `sum by (namespace, pod) (${this.over(
      VLLM[counter],
      pods,
      sel => `rate(${sel}[${seconds}s])`,
    )})`;
  }

  /** Per bucket: a latency histogram's rate over `seconds`, summed over the pods. */
  bucketRate(
    histogram: 'ttftBucket' | 'e2eBucket',
    seconds: number,
    pods: PodsByNamespace,
  ): string {
    return `sum by (le) (${this.over(
      VLLM[histogram],
      pods,
      sel => `rate(${sel}[${seconds}s])`,
    )})`;
  }

  /**
   * Per upstream, caller and token type: the gateway's tokens over the last
   * `seconds`, for the given server addresses (every one when undefined).
   * A series without `user_id` comes back without the label (unattributed).
   */
  gatewayTokens(seconds: number, serverAddresses?: string[]): string {
    const matchers = this.matchers('ai-gateway');
    if (serverAddresses) {
      if (serverAddresses.length === 0) throw new Error('No servers to select');
      matchers.push(
        `server_address=~${promqlAlternation([...serverAddresses].sort())}`,
      );
    }
    return `sum by (server_address, user_id, gen_ai_token_type) (increase(${GATEWAY_TOKENS_SUM}{${matchers.join(
      ',',
    )}}[${seconds}s]))`;
  }
}
