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
  /** The cluster's name. */
  cluster: string;
  /** Why it could not be read. */
  message: string;
}

/**
 * A pod holding GPUs.
 *
 * @public
 */
export interface GpuWorkload {
  /** The cluster the pod runs on. */
  cluster: string;
  /** The pod's namespace. */
  namespace: string;
  /** The pod's name. */
  pod: string;
  /** GPUs (or MIG instances) the pod holds. */
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
  /** The window the figures cover. */
  window: UsageWindow;
  /** Seconds between the samples of `series`. */
  stepSeconds: number;
  /** GPUs held now. */
  gpusHeld: number;
  /** The pods holding them. */
  workloads: GpuWorkload[];
  /** GPU utilisation, 0–100; `null` without samples. */
  utilisation: { mean: number | null; max: number | null };
  /** Framebuffer memory in use, in MiB; `null` without samples. */
  memoryUsedMiB: { mean: number | null; max: number | null };
  /** Framebuffer memory of the GPUs held, in MiB. */
  memoryTotalMiB: number;
  /** Streaming-multiprocessor activity, 0–100, where DCGM profiling is on. */
  smActive: { mean: number } | null;
  /** Power draw of a GPU, in watts; `null` without samples. */
  powerWatts: { mean: number | null };
  /** XID errors reported by the driver in the window. */
  xidErrors: number;
  /** GPU-hours held without being used in the window. */
  idleGpuHours: number;
  /** Utilisation and memory per step over the window. */
  series: UsageSample[];
  /** A better fit for the usage; `null` when the usage fits what is held. */
  rightsizing: RightsizingRecommendation | null;
  /** The clusters that could not be read. */
  errors: ClusterError[];
}

/**
 * GPU usage of a Component or System.
 *
 * @public
 */
export interface EntityUsage extends UsageAggregate {
  /** The entity's ref as the catalog spells it. */
  entityRef: string;
}

/**
 * One entity of a group in {@link GroupUsage}.
 *
 * @public
 */
export interface GroupEntityUsage {
  /** The entity's ref. */
  entityRef: string;
  /** GPUs the entity holds now. */
  gpusHeld: number;
  /** Mean GPU utilisation, 0–100; `null` without samples. */
  utilisationMean: number | null;
  /** GPU-hours held without being used in the window. */
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
  /** The entity left out. */
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
  /** Entities counted: the cap. */
  limit: number;
  /** Entities with Kubernetes annotations the group owns. */
  total: number;
}

/**
 * GPU usage of a Group: the aggregate over the entities it owns, and each of
 * them.
 *
 * @public
 */
export interface GroupUsage extends UsageAggregate {
  /** The group's ref as the catalog spells it. */
  groupRef: string;
  /** Each entity counted. */
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
  /** The lower bound, in percent, inclusive. */
  from: number;
  /** The upper bound, in percent. */
  to: number;
  /** GPUs whose mean utilisation falls in the bucket. */
  count: number;
}

/**
 * The GPUs of one model on one cluster.
 *
 * @public
 */
export interface ClusterGpuSummary {
  /** The cluster's name. */
  cluster: string;
  /** The GPU model, as DCGM names it. */
  modelName: string;
  /** GPUs of the model on the cluster. */
  gpus: number;
  /** GPU utilisation over the window, 0–100. */
  utilisation: { mean: number; p50: number; p90: number };
  /** How the GPUs' mean utilisations spread. */
  histogram: UtilisationBucket[];
}

/**
 * A GPU that was allocated but idle.
 *
 * @public
 */
export interface IdleGpu {
  /** The cluster's name. */
  cluster: string;
  /** The node's host name. */
  hostname: string;
  /** The GPU's index on its node. */
  gpu: string;
  /** The GPU's UUID. */
  uuid: string;
  /** The GPU model, as DCGM names it. */
  modelName: string;
  /** The namespace of the pod holding it. */
  namespace: string;
  /** The pod holding it. */
  pod: string;
  /** The catalog entity the workload belongs to, when known. */
  entityRef?: string;
  /** The owning Group's entity ref, when known. */
  team?: string;
  /** Hours in the window the GPU was held below the idle threshold. */
  idleHours: number;
  /** GPU-hours wasted: the same hours, for one GPU. */
  wastedGpuHours: number;
}

/**
 * The fleet: utilisation per cluster and GPU model, and the idle GPUs.
 *
 * @public
 */
export interface FleetUsage {
  /** Utilisation per cluster and GPU model. */
  clusters: ClusterGpuSummary[];
  /** The idle GPUs, most GPU-hours wasted first. */
  idle: IdleGpu[];
  /** The clusters that could not be read. */
  errors: ClusterError[];
}

/**
 * The most rows one heat map answer holds; more are paged with `offset`. With
 * at most {@link HEATMAP_MAX_COLUMNS} columns this bounds an answer to
 * well under 200 KB whatever the fleet's size.
 *
 * @public
 */
export const HEATMAP_MAX_ROWS = 50;

/**
 * The most time buckets (columns) a heat map has, whatever its window.
 *
 * @public
 */
export const HEATMAP_MAX_COLUMNS = 96;

/**
 * What a heat map row stands for: a node (its GPUs together) or one GPU.
 *
 * @public
 */
export type HeatmapRowKind = 'node' | 'gpu';

/**
 * One row of the {@link FleetHeatmap}: a node, or one GPU of a node.
 *
 * @public
 */
export interface HeatmapRow {
  /** The cluster's name. */
  cluster: string;
  /** The node's host name. */
  hostname: string;
  /** The GPU's index on its node; absent on a node's row. */
  gpu?: string;
  /** The GPU model, or a node's models joined with `, `. */
  modelName: string;
  /** GPUs the row stands for: 1 on a GPU's row. */
  gpus: number;
  /** Mean utilisation, 0–100, of every sample of the row's GPUs in the window. */
  mean: number;
  /**
   * Mean utilisation, 0–100, of the row's samples in each bucket (the
   * `bucketSeconds` ending at `start + (i + 1) * bucketSeconds`); `null`
   * where there was none.
   */
  values: (number | null)[];
}

/**
 * GPU utilisation over time in at most {@link HEATMAP_MAX_COLUMNS} buckets:
 * one row per node (a page of them), or one per GPU of one node.
 *
 * @public
 */
export interface FleetHeatmap {
  /** The start of the window, in Unix seconds. */
  start: number;
  /** The end of the window (and of its last bucket), in Unix seconds. */
  end: number;
  /** The length of each bucket, in seconds. */
  bucketSeconds: number;
  /** Whether the rows are nodes or the GPUs of one node. */
  rowKind: HeatmapRowKind;
  /** This page's rows. */
  rows: HeatmapRow[];
  /** Rows on every page. */
  total: number;
  /** The index of the first row of this page among `total`. */
  offset: number;
  /** The most rows a page holds. */
  limit: number;
  /** The clusters that could not be read. */
  errors: ClusterError[];
}
