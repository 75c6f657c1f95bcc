import {
  ClusterError,
  UsageAggregate,
  UsageSample,
  UsageWindow,
} from '@ai-platform/plugin-gpu-metrics-common';
import { GpuClassRate } from '../config/GpuMetricsConfig';
import { WorkloadPod } from '../kubernetes/KubernetesPods';
import { classOfModel, recommendRightsizing } from './rightsizing';
import { DeviceRow, UsageRange, UsageSeries } from './types';

function ratio(sum: number, count: number): number | null {
  return count > 0 ? sum / count : null;
}

/**
 * The usage answer of a set of pods from their device rows and series: sums
 * and peaks over the rows, per-device figures counted once per device, the
 * series at every step of the window, and the right-sizing advice.
 */
export function aggregateUsage(options: {
  window: UsageWindow;
  range: UsageRange;
  pods: WorkloadPod[];
  rows: DeviceRow[];
  series: UsageSeries;
  errors: ClusterError[];
  gpuClasses: GpuClassRate[];
}): UsageAggregate {
  const { window, range, pods, rows, series, errors } = options;
  const sum = (key: string) =>
    rows.reduce((total, r) => total + (r.values[key] ?? 0), 0);
  const max = (key: string) => {
    const values = rows
      .map(r => r.values[key])
      .filter((v): v is number => v !== undefined);
    return values.length ? Math.max(...values) : null;
  };
  const byDevice = new Map<string, DeviceRow[]>();
  for (const r of rows) {
    const key = `${r.cluster}/${r.device}`;
    byDevice.set(key, [...(byDevice.get(key) ?? []), r]);
  }
  const perDeviceMax = (key: string) =>
    [...byDevice.values()].reduce(
      (total, rs) => total + Math.max(0, ...rs.map(r => r.values[key] ?? 0)),
      0,
    );
  const points: UsageSample[] = [];
  for (let t = range.start; t <= range.end; t += range.step) {
    const p = series.get(t);
    points.push({
      t,
      utilisation: p && p.uCount > 0 ? p.uSum / p.uCount : null,
      memoryUsedMiB: p && !Number.isNaN(p.mem) ? p.mem : null,
    });
  }
  const smCount = sum('smCount');
  const utilMax = max('utilMax');
  const memMax = max('memMax');
  const gpusHeld = byDevice.size;
  return {
    window,
    stepSeconds: range.step,
    gpusHeld,
    workloads: pods.map(p => ({
      ...p,
      gpus: new Set(
        rows
          .filter(
            r =>
              r.cluster === p.cluster &&
              r.namespace === p.namespace &&
              r.pod === p.pod,
          )
          .map(r => r.device),
      ).size,
    })),
    utilisation: {
      mean: ratio(sum('utilSum'), sum('utilCount')),
      max: utilMax,
    },
    memoryUsedMiB: {
      mean: ratio(sum('memSum'), sum('memCount')),
      max: memMax,
    },
    memoryTotalMiB: perDeviceMax('memTotal'),
    smActive: smCount > 0 ? { mean: sum('smSum') / smCount } : null,
    powerWatts: { mean: ratio(sum('powerSum'), sum('powerCount')) },
    xidErrors: perDeviceMax('xid'),
    idleGpuHours: (sum('idleSteps') * range.step) / 3600,
    series: points,
    rightsizing: rightsizingOf({
      rows,
      gpus: gpusHeld,
      peakUtilisation: utilMax,
      peakMemoryMiB: memMax,
      gpuClasses: options.gpuClasses,
    }),
    errors,
  };
}

/**
 * Right-sizing advice only where it is sound: whole GPUs of one known model
 * with samples of both peaks.
 */
function rightsizingOf(options: {
  rows: DeviceRow[];
  gpus: number;
  peakUtilisation: number | null;
  peakMemoryMiB: number | null;
  gpuClasses: GpuClassRate[];
}) {
  const { rows, gpus, peakUtilisation, peakMemoryMiB, gpuClasses } = options;
  const models = new Set(rows.map(r => r.modelName));
  if (
    gpus === 0 ||
    models.size !== 1 ||
    rows.some(r => r.migProfile) ||
    peakUtilisation === null ||
    peakMemoryMiB === null
  ) {
    return null;
  }
  const current = classOfModel(gpuClasses, [...models][0]);
  if (!current) return null;
  return recommendRightsizing({
    classes: gpuClasses,
    current,
    gpus,
    peakMemoryMiB,
    peakUtilisation,
  });
}
