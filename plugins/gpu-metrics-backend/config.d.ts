import { HumanDuration } from '@backstage/types';

export interface Config {
  /** GPU metrics from NVIDIA dcgm-exporter in Prometheus; no Prometheus configured by default. */
  gpuMetrics?: {
    /** The Prometheus servers holding dcgm-exporter metrics, one per cluster or one for all (`*`); none by default. */
    prometheus?: Array<{
      /** The Kubernetes cluster name (as in `kubernetes.clusterLocatorMethods`) or `*` for every cluster; no default. */
      cluster: string;
      /** Base URL of the Prometheus HTTP API, without `/api/v1`; no default. */
      url: string;
      /**
       * Headers sent with every query, for example `Authorization`; none by default.
       * @visibility secret
       */
      headers?: { [name: string]: string };
    }>;
    /** The label that tells clusters apart in a shared Prometheus; unset by default (one Prometheus per cluster). */
    clusterLabel?: string;
    /** The namespace of dcgm-exporter's own pods, whose labels mark GPUs no pod holds; default `gpu-operator`. */
    exporterNamespace?: string;
    /** Metric name overrides. */
    metrics?: {
      /** GPU utilisation (0-100); default `DCGM_FI_DEV_GPU_UTIL`. */
      utilisation?: string;
      /** Framebuffer used, MiB; default `DCGM_FI_DEV_FB_USED`. */
      memoryUsed?: string;
      /** Framebuffer free, MiB; default `DCGM_FI_DEV_FB_FREE`. */
      memoryFree?: string;
      /** Graphics engine active ratio (0-1); default `DCGM_FI_PROF_GR_ENGINE_ACTIVE`. */
      smActive?: string;
      /** Power draw, watts; default `DCGM_FI_DEV_POWER_USAGE`. */
      power?: string;
      /** Last XID error; default `DCGM_FI_DEV_XID_ERRORS`. */
      xid?: string;
    };
    /** When a held GPU counts as idle. */
    idle?: {
      /** Utilisation (%) below which a GPU is idle; default 5. */
      utilisationBelow?: number;
      /** How long a held GPU must stay below the threshold to be listed idle; default 1 hour. */
      forAtLeast?: HumanDuration | string;
    };
    /** How long Prometheus responses are cached; default 30 seconds. */
    cacheTtl?: HumanDuration | string;
    /** How long a Prometheus query may take before the API answers 503; default 10 seconds. */
    timeout?: HumanDuration | string;
    /**
     * Group or user entity refs allowed the fleet view (fleet summary, heat map, idle GPUs) and every team's usage; read by the portal's permission policy; none by default.
     */
    fleetViewers?: string[];
    /** The most entities with Kubernetes annotations one group roll-up counts (the rest are reported in `truncated`); default 500. */
    maxEntitiesPerGroup?: number;
    /**
     * Whether the Prometheus evaluates the `gpu-metrics.rollups` group of
     * `prometheus/gpu-metrics.rules.yml` (hourly per pod and GPU); windows
     * longer than 7 days then read those roll-ups instead of every sample.
     * Default false.
     */
    rollUps?: boolean;
  };
}
