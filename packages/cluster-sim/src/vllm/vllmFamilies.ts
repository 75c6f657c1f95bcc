/** A vLLM metric family as vLLM's Prometheus stat logger registers it. */
export interface VllmFamily {
  /** Registered name; prometheus_client appends `_total` to counters. */
  name: string;
  type: 'gauge' | 'counter' | 'histogram';
  help: string;
  buckets?: readonly number[];
}

/**
 * The families the simulated vLLM server exposes, in vLLM's (v1 engine,
 * 0.10+) registration order, with its HELP texts and bucket bounds. A subset:
 * the ones a GPU portal reads (load, tokens, requests, latency).
 */
export const vllmFamilies: readonly VllmFamily[] = [
  {
    name: 'vllm:num_requests_running',
    type: 'gauge',
    help: 'Number of requests in model execution batches.',
  },
  {
    name: 'vllm:num_requests_waiting',
    type: 'gauge',
    help: 'Number of requests waiting to be processed.',
  },
  {
    name: 'vllm:kv_cache_usage_perc',
    type: 'gauge',
    help: 'KV-cache usage. 1 means 100 percent usage.',
  },
  {
    name: 'vllm:prefix_cache_queries',
    type: 'counter',
    help: 'Prefix cache queries, in terms of number of queried tokens.',
  },
  {
    name: 'vllm:prefix_cache_hits',
    type: 'counter',
    help: 'Prefix cache hits, in terms of number of cached tokens.',
  },
  {
    name: 'vllm:num_preemptions',
    type: 'counter',
    help: 'Cumulative number of preemption from the engine.',
  },
  {
    name: 'vllm:prompt_tokens',
    type: 'counter',
    help: 'Number of prefill tokens processed.',
  },
  {
    name: 'vllm:generation_tokens',
    type: 'counter',
    help: 'Number of generation tokens processed.',
  },
  {
    name: 'vllm:request_success',
    type: 'counter',
    help: 'Count of successfully processed requests.',
  },
  {
    name: 'vllm:time_to_first_token_seconds',
    type: 'histogram',
    help: 'Histogram of time to first token in seconds.',
    buckets: [
      0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0,
      2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0,
    ],
  },
  {
    name: 'vllm:inter_token_latency_seconds',
    type: 'histogram',
    help: 'Histogram of inter-token latency in seconds.',
    buckets: [
      0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5,
      5.0, 7.5, 10.0, 20.0, 40.0, 80.0,
    ],
  },
  {
    name: 'vllm:e2e_request_latency_seconds',
    type: 'histogram',
    help: 'Histogram of e2e request latency in seconds.',
    buckets: [
      0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0,
      50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0,
    ],
  },
];
