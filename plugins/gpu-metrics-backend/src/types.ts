/** A time window the API accepts. */
export type UsageWindow = '1h' | '6h' | '24h' | '7d' | '30d';

/** Every accepted window, in order. */
export const USAGE_WINDOWS: UsageWindow[] = ['1h', '6h', '24h', '7d', '30d'];

/** A failure of one cluster inside an otherwise successful answer. */
export interface ClusterError {
  cluster: string;
  message: string;
}

/** One point of an entity's or group's usage over time. */
export interface UsagePoint {
  /** Unix seconds. */
  t: number;
  /** Mean utilisation (0-100) of the GPUs reporting at `t`. */
  utilisation: number | null;
  /** Framebuffer used at `t`, summed over the GPUs. */
  memoryUsedMiB: number | null;
}

/** A right-sizing recommendation. */
export interface Rightsizing {
  current: string;
  recommended: string;
  reason: string;
  monthlySaving: number;
}

/** The aggregate usage figures shared by entities and groups. */
export interface UsageAggregate {
  window: UsageWindow;
  stepSeconds: number;
  gpusHeld: number;
  workloads: Array<{
    cluster: string;
    namespace: string;
    pod: string;
    gpus: number;
  }>;
  utilisation: { mean: number | null; max: number | null };
  memoryUsedMiB: { mean: number | null; max: number | null };
  memoryTotalMiB: number;
  smActive: { mean: number } | null;
  powerWatts: { mean: number | null };
  xidErrors: number;
  idleGpuHours: number;
  series: UsagePoint[];
  rightsizing: Rightsizing | null;
  errors: ClusterError[];
}

/** `GET /entity`. */
export interface EntityUsage extends UsageAggregate {
  entityRef: string;
}

/** `GET /group`. */
export interface GroupUsage extends UsageAggregate {
  groupRef: string;
  entities: Array<{
    entityRef: string;
    gpusHeld: number;
    utilisationMean: number | null;
    idleGpuHours: number;
  }>;
}

/** A GPU held by a pod but not used. */
export interface IdleGpu {
  cluster: string;
  hostname: string;
  gpu: string;
  uuid: string;
  modelName: string;
  namespace: string;
  pod: string;
  entityRef?: string;
  team?: string;
  idleHours: number;
  wastedGpuHours: number;
}

/** `GET /fleet`. */
export interface FleetUsage {
  clusters: Array<{
    cluster: string;
    modelName: string;
    gpus: number;
    utilisation: { mean: number; p50: number; p90: number };
    histogram: Array<{ from: number; to: number; count: number }>;
  }>;
  idle: IdleGpu[];
  errors: ClusterError[];
}

/** `GET /fleet/heatmap`. */
export interface FleetHeatmap {
  start: number;
  end: number;
  stepSeconds: number;
  rows: Array<{
    cluster: string;
    hostname: string;
    gpu: string;
    modelName: string;
    values: Array<number | null>;
  }>;
  errors: ClusterError[];
}
