/**
 * The time window a usage query covers, ending now.
 *
 * @public
 */
export type UsageWindow = '1h' | '6h' | '24h' | '7d' | '30d';

/**
 * Every {@link UsageWindow}, shortest first.
 *
 * @public
 */
export const USAGE_WINDOWS: readonly UsageWindow[] = [
  '1h',
  '6h',
  '24h',
  '7d',
  '30d',
];

/**
 * A cluster whose metrics could not be read; the rest of the answer stands.
 *
 * @public
 */
export interface ClusterError {
  cluster: string;
  message: string;
}

/**
 * A pod holding GPUs.
 *
 * @public
 */
export interface GpuWorkload {
  cluster: string;
  namespace: string;
  pod: string;
  gpus: number;
}

/**
 * One step of a usage time series.
 *
 * @public
 */
export interface UsageSample {
  /** The step's time, in Unix seconds. */
  t: number;
  /** Mean GPU utilisation, 0–100, or `null` where there was no sample. */
  utilisation: number | null;
  /** Framebuffer memory in use, in MiB, or `null` where there was no sample. */
  memoryUsedMiB: number | null;
}

/**
 * A suggestion to hold fewer (or more) GPUs, with what it would save.
 *
 * @public
 */
export interface RightsizingRecommendation {
  /** The GPU class (or class and MIG profile) held now, e.g. `h100`. */
  current: string;
  /** The smallest class or MIG profile the usage fits, e.g. `h100/3g.40gb`. */
  recommended: string;
  /** Why, in a sentence. */
  reason: string;
  /** The saving per month, in the portal's currency (USD). */
  monthlySaving: number;
}

/**
 * GPU usage of a set of workloads over a window: what an entity or a group
 * holds and how much of it is used.
 *
 * @public
 */
export interface UsageAggregate {
  window: UsageWindow;
  /** Seconds between the samples of `series`. */
  stepSeconds: number;
  /** GPUs held now. */
  gpusHeld: number;
  workloads: GpuWorkload[];
  /** GPU utilisation, 0–100; `null` without samples. */
  utilisation: { mean: number | null; max: number | null };
  memoryUsedMiB: { mean: number | null; max: number | null };
  memoryTotalMiB: number;
  /** Streaming-multiprocessor activity, 0–100, where DCGM profiling is on. */
  smActive: { mean: number } | null;
  powerWatts: { mean: number | null };
  /** XID errors reported by the driver in the window. */
  xidErrors: number;
  /** GPU-hours held without being used in the window. */
  idleGpuHours: number;
  series: UsageSample[];
  rightsizing: RightsizingRecommendation | null;
  errors: ClusterError[];
}

/**
 * GPU usage of a Component or System.
 *
 * @public
 */
export interface EntityUsage extends UsageAggregate {
  entityRef: string;
}

/**
 * One entity of a group in {@link GroupUsage}.
 *
 * @public
 */
export interface GroupEntityUsage {
  entityRef: string;
  gpusHeld: number;
  /** Mean GPU utilisation, 0–100; `null` without samples. */
  utilisationMean: number | null;
  idleGpuHours: number;
}

/**
 * An entity of a group left out of the group's roll-up, and why: typically a
 * Kubernetes annotation that does not follow the Kubernetes grammar. The rest
 * of the group is still counted.
 *
 * @public
 */
export interface EntityError {
  entityRef: string;
  /** The annotation at fault, e.g. `backstage.io/kubernetes-label-selector`. */
  annotation?: string;
  /** Why, in a sentence that names the annotation. */
  message: string;
}

/**
 * How a group's roll-up was cut at `gpuMetrics.maxEntitiesPerGroup`: only the
 * first `limit` entities with Kubernetes annotations (by entity ref) are
 * counted, of `total`.
 *
 * @public
 */
export interface GroupTruncation {
  limit: number;
  total: number;
}

/**
 * GPU usage of a Group: the aggregate over the entities it owns, and each of
 * them.
 *
 * @public
 */
export interface GroupUsage extends UsageAggregate {
  groupRef: string;
  entities: GroupEntityUsage[];
  /** Entities skipped (not counted), each with why; empty when none was. */
  entityErrors: EntityError[];
  /** Set when the group owns more workload entities than the configured cap. */
  truncated: GroupTruncation | null;
}

/**
 * A bucket of a utilisation histogram: how many GPUs had a mean utilisation
 * from `from` (inclusive) to `to` percent.
 *
 * @public
 */
export interface UtilisationBucket {
  from: number;
  to: number;
  count: number;
}

/**
 * The GPUs of one model on one cluster.
 *
 * @public
 */
export interface ClusterGpuSummary {
  cluster: string;
  modelName: string;
  gpus: number;
  /** GPU utilisation over the window, 0–100. */
  utilisation: { mean: number; p50: number; p90: number };
  histogram: UtilisationBucket[];
}

/**
 * A GPU that was allocated but idle.
 *
 * @public
 */
export interface IdleGpu {
  cluster: string;
  hostname: string;
  /** The GPU's index on its node. */
  gpu: string;
  uuid: string;
  modelName: string;
  namespace: string;
  pod: string;
  /** The catalog entity the workload belongs to, when known. */
  entityRef?: string;
  /** The owning Group's entity ref, when known. */
  team?: string;
  idleHours: number;
  wastedGpuHours: number;
}

/**
 * The fleet: utilisation per cluster and GPU model, and the idle GPUs.
 *
 * @public
 */
export interface FleetUsage {
  clusters: ClusterGpuSummary[];
  idle: IdleGpu[];
  errors: ClusterError[];
}

/**
 * One GPU's row of the {@link FleetHeatmap}.
 *
 * @public
 */
export interface HeatmapRow {
  cluster: string;
  hostname: string;
  gpu: string;
  modelName: string;
  /** Utilisation, 0–100, per step from `start`; `null` without samples. */
  values: (number | null)[];
}

/**
 * GPU utilisation per GPU and time step.
 *
 * @public
 */
export interface FleetHeatmap {
  /** The first step, in Unix seconds. */
  start: number;
  /** The end of the window, in Unix seconds. */
  end: number;
  stepSeconds: number;
  rows: HeatmapRow[];
  errors: ClusterError[];
}
