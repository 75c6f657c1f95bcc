import { NodeGpus } from '../topology/types';
import { dcgmCounters } from './counters';
import { DEFAULT_DRIVER_VERSION, ExporterPod, dcgmLabels } from './dcgmLabels';
import { formatDcgmValue } from './formatDcgmValue';
import { formatLabels } from './formatLabels';
import { gpuModels } from './gpuModels';
import { bucketStart } from './seededNoise';

/** Options of {@link renderDcgmMetrics}. */
export interface RenderDcgmMetricsOptions {
  /** The topology seed. */
  seed: number;
  /**
   * Label GPUs no pod holds with this dcgm-exporter pod. Off by default,
   * because the real exporter prints no pod labels for them; Prometheus adds
   * the exporter pod's labels when it scrapes through the GPU Operator's
   * ServiceMonitor. Set it when the scraper will not (a static scrape config).
   */
  exporterPod?: ExporterPod;
  /** `DCGM_FI_DRIVER_VERSION` label; defaults to the reference scrapes' driver. */
  driverVersion?: string;
  /** GPU power-on time, the origin of `TOTAL_ENERGY_CONSUMPTION`. */
  bootTime?: Date;
}

/**
 * A node's `/metrics` page as dcgm-exporter 4.x serves it with the GPU
 * Operator's default counters and Kubernetes pod attribution: families in
 * field id order with HELP and TYPE, one sample per GPU (and per MIG
 * instance for the fields DCGM reports on instances). Values are those of
 * the 30 s collection interval containing `at`, so a scrape and the history
 * written for the same instant agree.
 */
export function renderDcgmMetrics(
  node: NodeGpus,
  at: Date,
  options: RenderDcgmMetricsOptions,
): string {
  const t = bucketStart(at.getTime());
  const models = gpuModels(node, {
    seed: options.seed,
    bootTime: options.bootTime,
  });
  const labelOptions = {
    hostname: node.hostname,
    driverVersion: options.driverVersion ?? DEFAULT_DRIVER_VERSION,
    exporterPod: options.exporterPod,
  };
  const out: string[] = [];
  for (const counter of dcgmCounters) {
    const lines: string[] = [];
    for (const model of models) {
      for (const source of [model.gpu, ...model.instances]) {
        const value = source.valueOf(counter.name);
        if (!value) {
          continue;
        }
        const labels = dcgmLabels(
          source.device,
          source.holderAt(t),
          counter,
          labelOptions,
        );
        lines.push(
          `${counter.name}${formatLabels(labels)} ${formatDcgmValue(
            counter,
            value(t),
          )}`,
        );
      }
    }
    if (lines.length > 0) {
      out.push(`# HELP ${counter.name} ${counter.help}`);
      out.push(`# TYPE ${counter.name} ${counter.type}`);
      out.push(...lines);
    }
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}
