/**
 * What the cost backend reads of the gpu-metrics backend's serving figures
 * (contract A of issue 19): the part of `ServingTotals` that prices a server.
 */
export interface ServingTotals {
  inputTokens: number;
  outputTokens: number;
  /** Sum of time to first token over the window's requests. */
  prefillSeconds: number;
  /** Sum of (end-to-end latency − time to first token). */
  decodeSeconds: number;
  gpuUtilisation: { mean: number | null; max: number | null };
  /** Device-hours held by the serving pods in the window. */
  gpuHours: Array<{
    cluster: string;
    gpuClass: string | null;
    migProfile: string | null;
    modelName: string;
    hours: number;
  }>;
}

/** A caller of a server as the AI gateway names it, with its tokens. */
export interface ServingConsumer {
  caller: string;
  entityRef?: string;
  ownerRef?: string;
  inputTokens: number;
  outputTokens: number;
}

/** Gateway tokens and the serving figures of one or more servers. */
export interface ServingFigures {
  totals: ServingTotals;
  consumers: ServingConsumer[];
  unattributed: { inputTokens: number; outputTokens: number };
}

/** One model server of the fleet (one cluster, namespace and app label). */
export interface ServingServer extends ServingFigures {
  cluster: string;
  namespace: string;
  serverAddress: string;
  models: string[];
  entityRef?: string;
  ownerRef?: string;
}

/** A cluster whose figures could not be read; the rest of an answer stands. */
export interface ServingError {
  cluster: string;
  message: string;
}

/** The windows the gpu-metrics backend answers serving figures for. */
export type ServingUsageWindow = '1h' | '6h' | '24h' | '7d' | '30d';

/** Where serving figures come from (the gpu-metrics backend). */
export interface ServingUsageSource {
  /** An entity's serving figures over a window (its servers summed). */
  entityServing(
    entityRef: string,
    window: ServingUsageWindow,
  ): Promise<ServingFigures & { errors: ServingError[] }>;
  /** Every model server over a window, or over one completed UTC day. */
  servers(
    over: { window: ServingUsageWindow } | { day: string },
  ): Promise<{ servers: ServingServer[]; errors: ServingError[] }>;
}
