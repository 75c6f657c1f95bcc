import { Config } from '@backstage/config';

/** How a cluster's grants are put on it: the scheduler its workloads go through. */
export type SchedulerMode = 'resourcequota' | 'kueue' | 'kai' | 'volcano';

export const SCHEDULER_MODES: readonly SchedulerMode[] = [
  'resourcequota',
  'kueue',
  'kai',
  'volcano',
];

/** The scheduler settings of `gpuProvisioning`, read and defaulted. */
export interface SchedulerConfig {
  /** The scheduler of clusters not listed in `clusters` (`gpuProvisioning.mode`). */
  mode: SchedulerMode;
  /** Schedulers by cluster name (`gpuProvisioning.clusters.<name>.scheduler`). */
  clusterSchedulers: Record<string, SchedulerMode>;
  kai: {
    /** The team's KAI queue, the parent of each grant's queue; `{team}` is the team's name. */
    parentQueueTemplate: string;
    /** A grant queue's CPU quota and limit in millicpus, as KAI counts; -1 (unlimited) by default. */
    milliCpu: number;
    /** A grant queue's memory quota and limit in megabytes (10^6 bytes), as KAI counts; -1 (unlimited) by default. */
    memoryMegabytes: number;
  };
  volcano: {
    /** The team's Volcano queue, the parent of each grant's queue; none (root) by default. */
    parentQueueTemplate?: string;
  };
}

function readMode(value: string | undefined, key: string): SchedulerMode {
  if (value === undefined) return 'resourcequota';
  if (!(SCHEDULER_MODES as readonly string[]).includes(value)) {
    throw new Error(
      `${key} must be one of ${SCHEDULER_MODES.join(', ')}, not '${value}'`,
    );
  }
  return value as SchedulerMode;
}

function readLimit(config: Config | undefined, key: string, path: string) {
  const value = config?.getOptionalNumber(key) ?? -1;
  if (value !== -1 && !(Number.isFinite(value) && value >= 0)) {
    throw new Error(
      `${path}.${key} must be -1 (unlimited) or a number of at least 0, not ${value}`,
    );
  }
  return value;
}

function toMilli(cores: number): number {
  return cores === -1 ? -1 : Math.round(cores * 1000);
}

/**
 * Reads `gpuProvisioning.mode`, `clusters`, `kai` and `volcano`; a malformed
 * value fails start-up with a message naming its key.
 */
export function readSchedulerConfig(config: Config): SchedulerConfig {
  const mode = readMode(
    config.getOptionalString('mode'),
    'gpuProvisioning.mode',
  );
  const clusters = config.getOptionalConfig('clusters');
  const clusterSchedulers: Record<string, SchedulerMode> = {};
  for (const name of clusters?.keys() ?? []) {
    const key = `gpuProvisioning.clusters.${name}.scheduler`;
    let value: string | undefined;
    try {
      value = clusters!.getConfig(name).getOptionalString('scheduler');
    } catch {
      throw new Error(`${key} must be a string`);
    }
    clusterSchedulers[name] = value === undefined ? mode : readMode(value, key);
  }
  const kai = config.getOptionalConfig('kai');
  const volcano = config.getOptionalConfig('volcano');
  return {
    mode,
    clusterSchedulers,
    kai: {
      parentQueueTemplate:
        kai?.getOptionalString('parentQueueTemplate') ?? '{team}',
      // Config takes cores, KAI counts millicpus.
      milliCpu: toMilli(readLimit(kai, 'cpu', 'gpuProvisioning.kai')),
      memoryMegabytes: readLimit(kai, 'memoryMegabytes', 'gpuProvisioning.kai'),
    },
    volcano: {
      parentQueueTemplate: volcano?.getOptionalString('parentQueueTemplate'),
    },
  };
}

/** The scheduler of a cluster: its own, or the global `mode`. */
export function schedulerOf(
  config: Pick<SchedulerConfig, 'mode' | 'clusterSchedulers'>,
  cluster: string,
): SchedulerMode {
  return Object.prototype.hasOwnProperty.call(config.clusterSchedulers, cluster)
    ? config.clusterSchedulers[cluster]
    : config.mode;
}
