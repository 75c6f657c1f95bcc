import { once } from 'node:events';
import { Writable } from 'node:stream';
import { GpuHolder, NodeGpus } from '../topology/types';
import { DcgmCounter, dcgmCounters } from './counters';
import { DEFAULT_DRIVER_VERSION, ExporterPod, dcgmLabels } from './dcgmLabels';
import { defaultExporterPod } from './defaultExporterPod';
import { formatDcgmValue } from './formatDcgmValue';
import { LabelPairs, formatLabels } from './formatLabels';
import { GpuModel, SeriesSource, gpuModels } from './gpuModels';
import { bucketStart } from './seededNoise';

/** Options of {@link writeOpenMetricsHistory}. */
export interface WriteOpenMetricsHistoryOptions {
  /** The topology seed (the same as for live scrapes). */
  seed: number;
  /**
   * The history covers [start, end): samples at every multiple of the
   * interval from `start` on, excluding `end`, so consecutive windows tile.
   */
  start: Date;
  end: Date;
  /** Scrape interval; defaults to 30 s, the exporter's collect interval. */
  intervalSeconds?: number;
  driverVersion?: string;
  bootTime?: Date;
  /** The dcgm-exporter pod of a node; defaults to {@link defaultExporterPod}. */
  exporterPod?: (node: NodeGpus) => ExporterPod;
  /**
   * Labels Prometheus adds when it scrapes a node's exporter. Live scrapes
   * never carry them (Prometheus adds them), but the history stands for what
   * Prometheus stored, so it does. Defaults to what the GPU Operator's
   * ServiceMonitor gives in the reference data (`endpoint="gpu-metrics"`,
   * `job` and `service` `"nvidia-dcgm-exporter"`), with
   * `instance="<hostname>:9400"` where the real data has the exporter pod's
   * IP, which the simulator does not have.
   */
  targetLabels?: (node: NodeGpus) => Record<string, string>;
  /** Only these counters (by name), for a quicker history; all by default. */
  counters?: string[];
}

/** What {@link writeOpenMetricsHistory} wrote. */
export interface HistoryStats {
  samples: number;
  series: number;
  bytes: number;
}

const CHUNK_CHARS = 1 << 16;

function defaultTargetLabels(node: NodeGpus): Record<string, string> {
  return {
    endpoint: 'gpu-metrics',
    instance: `${node.hostname}:9400`,
    job: 'nvidia-dcgm-exporter',
    service: 'nvidia-dcgm-exporter',
  };
}

/**
 * OpenMetrics requires counter samples to end in `_total`; the exporter's
 * counters do not, so they are declared `unknown`, which keeps their names
 * exactly. TSDB blocks store no types, so queries see no difference.
 */
function openMetricsType(counter: DcgmCounter): string {
  if (counter.type === 'counter' && !counter.name.endsWith('_total')) {
    return 'unknown';
  }
  return counter.type;
}

/**
 * What Prometheus stores for a scraped sample: the exporter's labels win over
 * the target's (the ServiceMonitor sets honorLabels), and labels with empty
 * values (`pod_uid=""`) are dropped.
 */
function storedLabels(
  exposed: LabelPairs,
  target: Record<string, string>,
): LabelPairs {
  const labels = exposed.filter(([, value]) => value !== '');
  const present = new Set(labels.map(([name]) => name));
  for (const [name, value] of Object.entries(target)) {
    if (!present.has(name)) {
      labels.push([name, value]);
    }
  }
  return labels;
}

/**
 * Streams the dcgm-exporter history of `nodes` from `start` to `end`, as
 * Prometheus would have stored it, in the OpenMetrics text format that
 * `promtool tsdb create-blocks-from openmetrics` imports: family by family
 * (HELP and TYPE first), series by series, timestamps in seconds, `# EOF`
 * last. Values are exactly those {@link renderDcgmMetrics} serves for the
 * same instants. A device appears unheld before its holder's `since`.
 *
 * Memory stays flat: only one 64 KiB chunk is buffered, and the writer waits
 * for `drain`. The stream is not ended.
 */
export async function writeOpenMetricsHistory(
  nodes: NodeGpus[],
  out: Writable,
  options: WriteOpenMetricsHistoryOptions,
): Promise<HistoryStats> {
  const intervalMs = Math.round((options.intervalSeconds ?? 30) * 1000);
  if (!(intervalMs > 0)) {
    throw new Error('intervalSeconds must be positive');
  }
  const first = Math.ceil(options.start.getTime() / intervalMs) * intervalMs;
  const times: number[] = [];
  for (let t = first; t < options.end.getTime(); t += intervalMs) {
    times.push(t);
  }
  const wholeSeconds = intervalMs % 1000 === 0 && first % 1000 === 0;
  const stamps = times.map(t =>
    wholeSeconds ? String(t / 1000) : (t / 1000).toFixed(3),
  );
  const buckets = times.map(bucketStart);

  const nodeModels: Array<{
    node: NodeGpus;
    models: GpuModel[];
    exporterPod: ExporterPod;
    target: Record<string, string>;
  }> = nodes.map(node => ({
    node,
    models: gpuModels(node, { seed: options.seed, bootTime: options.bootTime }),
    exporterPod: (
      options.exporterPod ?? (n => defaultExporterPod(n.hostname, options.seed))
    )(node),
    target: (options.targetLabels ?? defaultTargetLabels)(node),
  }));
  const driverVersion = options.driverVersion ?? DEFAULT_DRIVER_VERSION;

  const stats: HistoryStats = { samples: 0, series: 0, bytes: 0 };
  let chunk = '';
  const flush = async () => {
    if (chunk.length === 0) {
      return;
    }
    const data = chunk;
    chunk = '';
    stats.bytes += Buffer.byteLength(data);
    if (!out.write(data)) {
      await once(out, 'drain');
    }
  };

  const counters = options.counters
    ? dcgmCounters.filter(c => options.counters!.includes(c.name))
    : dcgmCounters;
  for (const counter of counters) {
    let headerWritten = false;
    for (const { node, models, exporterPod, target } of nodeModels) {
      const labelOptions = {
        hostname: node.hostname,
        driverVersion,
        exporterPod,
      };
      const sources: SeriesSource[] = models.flatMap(m => [
        m.gpu,
        ...m.instances,
      ]);
      for (const source of sources) {
        const value = source.valueOf(counter.name);
        if (!value) {
          continue;
        }
        if (!headerWritten) {
          chunk += `# HELP ${counter.name} ${counter.help}\n# TYPE ${
            counter.name
          } ${openMetricsType(counter)}\n`;
          headerWritten = true;
        }
        // A series per holder: the device's labels change when a pod takes it.
        let prefix = '';
        let current: GpuHolder | undefined | null = null;
        for (let i = 0; i < times.length; i++) {
          const t = buckets[i];
          const holder = source.holderAt(t);
          if (holder !== current) {
            current = holder;
            const labels = storedLabels(
              dcgmLabels(source.device, holder, counter, labelOptions),
              target,
            );
            prefix = `${counter.name}${formatLabels(labels)} `;
            stats.series++;
          }
          chunk += `${prefix}${formatDcgmValue(counter, value(t))} ${
            stamps[i]
          }\n`;
          stats.samples++;
          if (chunk.length >= CHUNK_CHARS) {
            await flush();
          }
        }
      }
    }
  }
  chunk += '# EOF\n';
  await flush();
  return stats;
}
