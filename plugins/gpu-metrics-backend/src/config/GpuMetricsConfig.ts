import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { GpuClassCatalog } from '@ai-platform/plugin-ai-platform-node';

/** A Prometheus and the cluster(s) it holds metrics for. */
export interface PrometheusSource {
  /** A Kubernetes cluster name, or `*` for every cluster. */
  cluster: string;
  url: string;
  headers: Record<string, string>;
}

/** The DCGM metric names the plugin queries. */
export interface GpuMetricNames {
  utilisation: string;
  memoryUsed: string;
  memoryFree: string;
  smActive: string;
  power: string;
  xid: string;
}

/** A GPU class of `gpuProvisioning.gpuClasses`, as right-sizing needs it. */
export interface GpuClassRate {
  id: string;
  productLabel: string;
  memoryMiB: number;
  hourlyRate: number;
  migProfiles: Array<{ name: string; memoryMiB: number; hourlyRate: number }>;
}

/** The `gpuMetrics` config, read and defaulted. */
export interface GpuMetricsConfig {
  prometheus: PrometheusSource[];
  clusterLabel?: string;
  metrics: GpuMetricNames;
  idleUtilisationBelow: number;
  idleForAtLeastSeconds: number;
  exporterNamespace: string;
  cacheTtlMs: number;
  timeoutMs: number;
  gpuClasses: GpuClassRate[];
  /** The most workload entities one group roll-up counts. */
  maxEntitiesPerGroup: number;
  /**
   * Whether Prometheus evaluates the plugin's hourly roll-up rules, so that
   * windows longer than {@link ROLL_UP_AFTER_SECONDS} read them.
   */
  rollUps: boolean;
}

/** Windows longer than this (7 days) read the hourly roll-ups when enabled. */
export const ROLL_UP_AFTER_SECONDS = 7 * 86400;

/** The default DCGM metric names (dcgm-exporter's default counters). */
export const DEFAULT_METRIC_NAMES: GpuMetricNames = {
  utilisation: 'DCGM_FI_DEV_GPU_UTIL',
  memoryUsed: 'DCGM_FI_DEV_FB_USED',
  memoryFree: 'DCGM_FI_DEV_FB_FREE',
  smActive: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
  power: 'DCGM_FI_DEV_POWER_USAGE',
  xid: 'DCGM_FI_DEV_XID_ERRORS',
};

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** `url` without trailing slashes (a loop: linear on any input). */
function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end--;
  return url.slice(0, end);
}

function durationMs(
  config: Config | undefined,
  key: string,
  fallbackMs: number,
): number {
  return config?.has(key)
    ? durationToMilliseconds(readDurationFromConfig(config, { key }))
    : fallbackMs;
}

/**
 * Reads `gpuMetrics` with its defaults, and the GPU classes from the suite's
 * `GpuClassCatalog`; a malformed value fails start-up naming the key.
 */
export function readGpuMetricsConfig(
  root: Config,
  options: {
    /** The injected `aiPlatformGpuClassesServiceRef`; read from `root` when absent. */
    gpuClasses?: GpuClassCatalog;
  } = {},
): GpuMetricsConfig {
  const config = root.getOptionalConfig('gpuMetrics');
  const prometheus = (config?.getOptionalConfigArray('prometheus') ?? []).map(
    p => ({
      cluster: p.getString('cluster'),
      url: withoutTrailingSlashes(p.getString('url')),
      headers: p.getOptional<Record<string, string>>('headers') ?? {},
    }),
  );
  const overrides = config?.getOptionalConfig('metrics');
  const metrics = { ...DEFAULT_METRIC_NAMES };
  for (const key of Object.keys(metrics) as Array<keyof GpuMetricNames>) {
    const name = overrides?.getOptionalString(key);
    if (name === undefined) continue;
    if (!METRIC_NAME.test(name)) {
      throw new Error(
        `gpuMetrics.metrics.${key} must be a Prometheus metric name, not '${name}'`,
      );
    }
    metrics[key] = name;
  }
  const clusterLabel = config?.getOptionalString('clusterLabel');
  if (clusterLabel !== undefined && !LABEL_NAME.test(clusterLabel)) {
    throw new Error(
      `gpuMetrics.clusterLabel must be a Prometheus label name, not '${clusterLabel}'`,
    );
  }
  const idle = config?.getOptionalConfig('idle');
  const gpuClasses = (options.gpuClasses ?? GpuClassCatalog.fromConfig(root))
    .require(['productLabel', 'hourlyRate'], { by: 'GPU usage' })
    .map(c => ({
      id: c.id,
      productLabel: c.productLabel,
      memoryMiB: c.memoryMiB,
      hourlyRate: c.hourlyRate,
      migProfiles: c.migProfiles,
    }));
  const maxEntitiesPerGroup =
    config?.getOptionalNumber('maxEntitiesPerGroup') ?? 500;
  if (!Number.isInteger(maxEntitiesPerGroup) || maxEntitiesPerGroup < 1) {
    throw new Error(
      `gpuMetrics.maxEntitiesPerGroup must be a positive integer, not '${maxEntitiesPerGroup}'`,
    );
  }
  return {
    prometheus,
    clusterLabel,
    metrics,
    idleUtilisationBelow: idle?.getOptionalNumber('utilisationBelow') ?? 5,
    idleForAtLeastSeconds: durationMs(idle, 'forAtLeast', 3600_000) / 1000,
    exporterNamespace:
      config?.getOptionalString('exporterNamespace') ?? 'gpu-operator',
    cacheTtlMs: durationMs(config, 'cacheTtl', 30_000),
    timeoutMs: durationMs(config, 'timeout', 10_000),
    gpuClasses,
    maxEntitiesPerGroup,
    rollUps: config?.getOptionalBoolean('rollUps') ?? false,
  };
}
