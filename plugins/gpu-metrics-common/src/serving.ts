import { ClusterError, UsageWindow } from './types';

/**
 * The median and 95th percentile over a window, in seconds, from vLLM's
 * histogram; `null` without requests.
 *
 * @public
 */
export interface LatencyQuantiles {
  /** The median, in seconds. */
  p50: number | null;
  /** The 95th percentile, in seconds. */
  p95: number | null;
}

/**
 * Tokens over a window.
 *
 * @public
 */
export interface TokenCounts {
  /** Prompt tokens. */
  inputTokens: number;
  /** Generated tokens. */
  outputTokens: number;
}

/**
 * One caller of a model server through the AI gateway and its tokens over
 * the window. The caller is the gateway's `user_id`; when it names a
 * Component of the catalog (`component:default/<user_id>`), its ref and
 * owner are given.
 *
 * @public
 */
export interface ServingConsumer extends TokenCounts {
  /** The gateway's `user_id`. */
  caller: string;
  /** The caller's catalog entity, when the catalog has it. */
  entityRef?: string;
  /** That entity's owner, a full group (or user) ref. */
  ownerRef?: string;
}

/**
 * One model server: the pods with vLLM series of one (cluster, namespace,
 * pod label `app`), called through the Service `serverAddress`.
 *
 * @public
 */
export interface ServingServer {
  /** The cluster the server runs on. */
  cluster: string;
  /** The server's namespace. */
  namespace: string;
  /** `<app>.<namespace>.svc`, the gateway's `server_address`. */
  serverAddress: string;
  /** The models served (vLLM's `model_name`). */
  models: string[];
  /** The server's pods. */
  pods: string[];
  /** GPUs (or MIG instances) the pods held in the window. */
  gpus: number;
}

/**
 * Device-hours held by serving pods in a window, per GPU kind.
 *
 * @public
 */
export interface ServingGpuHours {
  /** The cluster of the GPUs. */
  cluster: string;
  /** The GPU class whose `productLabel` matches; `null` when none does. */
  gpuClass: string | null;
  /** The MIG profile, e.g. `3g.40gb`; `null` for a whole GPU. */
  migProfile: string | null;
  /** dcgm-exporter's `modelName`. */
  modelName: string;
  /** Device-hours held in the window. */
  hours: number;
}

/**
 * A server's (or servers') figures over a window.
 *
 * @public
 */
export interface ServingTotals extends TokenCounts {
  /** Requests finished (`vllm:request_success_total`, every reason). */
  requests: number;
  /** Time to first token, summed over the requests. */
  prefillSeconds: number;
  /** End-to-end latency less time to first token, summed over the requests. */
  decodeSeconds: number;
  /** The window's mean. */
  promptTokensPerSecond: number;
  /** The window's mean. */
  generationTokensPerSecond: number;
  /** The window's mean. */
  requestsPerSecond: number;
  /** Time to first token. */
  ttftSeconds: LatencyQuantiles;
  /** End-to-end request latency. */
  e2eSeconds: LatencyQuantiles;
  /** The serving pods' GPU utilisation, 0–100; `null` without samples. */
  gpuUtilisation: { mean: number | null; max: number | null };
  /** The serving pods' framebuffer memory in use, in MiB. */
  gpuMemoryUsedMiB: { mean: number | null; max: number | null };
  /** Device-hours held by the serving pods in the window. */
  gpuHours: ServingGpuHours[];
}

/**
 * One step of a serving time series: rates and the p95s over the
 * `max(stepSeconds, 120)` seconds before `t`, utilisation at `t`.
 *
 * @public
 */
export interface ServingSample {
  /** The step's time, in Unix seconds. */
  t: number;
  /** Prompt tokens per second. */
  promptTokensPerSecond: number;
  /** Generated tokens per second. */
  generationTokensPerSecond: number;
  /** Requests finished per second. */
  requestsPerSecond: number;
  /** 95th percentile of time to first token, in seconds; `null` without requests. */
  ttftP95Seconds: number | null;
  /** 95th percentile of end-to-end latency, in seconds; `null` without requests. */
  e2eP95Seconds: number | null;
  /** Mean GPU utilisation of the serving pods, 0–100. */
  utilisation: number | null;
}

/**
 * What a model server entity served over a window, and for whom
 * (`GET /serving`).
 *
 * @public
 */
export interface ServingUsage {
  /** The entity's ref as the catalog spells it. */
  entityRef: string;
  /** The window the figures cover. */
  window: UsageWindow;
  /** Seconds between the samples of `series`. */
  stepSeconds: number;
  /** The entity's model servers. */
  servers: ServingServer[];
  /** The figures of all its servers together. */
  totals: ServingTotals;
  /** Rates, latency and utilisation per step over the window. */
  series: ServingSample[];
  /** Gateway tokens per caller, most tokens first. */
  consumers: ServingConsumer[];
  /** Gateway tokens without a `user_id`. */
  unattributed: TokenCounts;
  /** The clusters that could not be read. */
  errors: ClusterError[];
}

/**
 * One model server of the fleet with its figures and consumers.
 *
 * @public
 */
export interface ServingServerUsage extends ServingServer {
  /** The catalog entity the server's pods belong to, when known. */
  entityRef?: string;
  /** That entity's owner, when known. */
  ownerRef?: string;
  /** The server's figures over the window. */
  totals: ServingTotals;
  /** Gateway tokens per caller, most tokens first. */
  consumers: ServingConsumer[];
  /** Gateway tokens without a `user_id`. */
  unattributed: TokenCounts;
}

/**
 * Every model server of the fleet over a window or a UTC day
 * (`GET /serving/servers`).
 *
 * @public
 */
export interface ServingServers {
  /** The window asked for; `null` when `day` was. */
  window: UsageWindow | null;
  /** The UTC day asked for, `YYYY-MM-DD`; `null` when a window was. */
  day: string | null;
  /** Every model server with vLLM series in the window or day. */
  servers: ServingServerUsage[];
  /** The clusters that could not be read. */
  errors: ClusterError[];
}

/**
 * The GPUs held in one namespace and how much they were used
 * (`GET /namespace-usage`).
 *
 * @public
 */
export interface NamespaceUsage {
  /** The cluster asked for. */
  cluster: string;
  /** The namespace asked for. */
  namespace: string;
  /** The window the figures cover. */
  window: UsageWindow;
  /** GPUs (or MIG instances) the namespace's pods hold at the window's end. */
  gpusHeld: number;
  /** GPU utilisation, 0–100; `null` without samples. */
  utilisation: { mean: number | null; max: number | null };
  /** GPU-hours at or above the idle threshold in the window. */
  busyGpuHours: number;
  /** GPU-hours held below the idle threshold in the window. */
  idleGpuHours: number;
  /**
   * The end of the last step (ISO 8601) when any GPU of the namespace was
   * at or above the idle threshold; `null` when none was.
   */
  lastBusyAt: string | null;
}

/**
 * The GPU usage of every namespace that held GPUs on one cluster in the
 * window (`GET /namespace-usages`).
 *
 * @public
 */
export interface NamespaceUsageList {
  /** The cluster asked for. */
  cluster: string;
  /** The window the figures cover. */
  window: UsageWindow;
  /** One per namespace, by namespace name. */
  items: NamespaceUsage[];
}
