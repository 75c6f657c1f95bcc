import {
  ServingConsumer,
  ServingGpuHours,
  ServingTotals,
  TokenCounts,
} from '@ai-platform/plugin-gpu-metrics-common';
import { GpuClassRate } from '../config/GpuMetricsConfig';
import { classOfModel } from '../service/rightsizing';
import { DeviceRow, UsageRange } from '../service/types';
import { HeldDevice } from './GpuHoursReader';
import { bucketsOf, histogramQuantile } from './histogramQuantile';
import { GatewayTokens, PodServing } from './ServingReader';

/** Whether a pod-level record belongs to one of `pods`. */
export function podFilter(pods: PodServing[]) {
  const keys = new Set(
    pods.map(p => `${p.cluster}\u0000${p.namespace}\u0000${p.pod}`),
  );
  return (r: { cluster: string; namespace: string; pod: string }) =>
    keys.has(`${r.cluster}\u0000${r.namespace}\u0000${r.pod}`);
}

function mergeBuckets(maps: Map<number, number>[]): Map<number, number> {
  const merged = new Map<number, number>();
  for (const m of maps) {
    for (const [le, count] of m) merged.set(le, (merged.get(le) ?? 0) + count);
  }
  return merged;
}

/** The p50 and p95 of merged cumulative buckets. */
export function quantilesOf(buckets: Map<number, number>[]) {
  const merged = bucketsOf(mergeBuckets(buckets));
  return {
    p50: histogramQuantile(0.5, merged),
    p95: histogramQuantile(0.95, merged),
  };
}

function stats(
  rows: DeviceRow[],
  sumKey: string,
  countKey: string,
  maxKey: string,
) {
  const sum = rows.reduce((t, r) => t + (r.values[sumKey] ?? 0), 0);
  const count = rows.reduce((t, r) => t + (r.values[countKey] ?? 0), 0);
  const maxes = rows
    .map(r => r.values[maxKey])
    .filter((v): v is number => v !== undefined);
  return {
    mean: count > 0 ? sum / count : null,
    max: maxes.length ? Math.max(...maxes) : null,
  };
}

/** Device-hours per cluster and GPU kind, the class from the GPU class catalog. */
export function gpuHoursOf(
  devices: HeldDevice[],
  range: UsageRange,
  gpuClasses: GpuClassRate[],
): ServingGpuHours[] {
  const byKind = new Map<string, ServingGpuHours>();
  for (const d of devices) {
    const key = [d.cluster, d.modelName, d.migProfile ?? ''].join('\u0000');
    const row = byKind.get(key) ?? {
      cluster: d.cluster,
      gpuClass: classOfModel(gpuClasses, d.modelName)?.id ?? null,
      migProfile: d.migProfile ?? null,
      modelName: d.modelName,
      hours: 0,
    };
    row.hours += (d.steps * range.step) / 3600;
    byKind.set(key, row);
  }
  return [...byKind.values()].sort(
    (a, b) =>
      a.cluster.localeCompare(b.cluster) ||
      a.modelName.localeCompare(b.modelName) ||
      (a.migProfile ?? '').localeCompare(b.migProfile ?? ''),
  );
}

/**
 * The totals of a set of serving pods over the window: their vLLM counters'
 * increases summed, window means (increase over the window's seconds),
 * percentiles of their merged latency buckets, and their GPUs' DCGM
 * figures (`rows` and `devices` already limited to the pods).
 */
export function servingTotals(options: {
  pods: PodServing[];
  rows: DeviceRow[];
  devices: HeldDevice[];
  range: UsageRange;
  gpuClasses: GpuClassRate[];
}): ServingTotals {
  const { pods, rows, devices, range } = options;
  const sum = (c: keyof PodServing['counters']) =>
    pods.reduce((t, p) => t + p.counters[c], 0);
  const inputTokens = sum('promptTokens');
  const outputTokens = sum('generationTokens');
  const requests = sum('requests');
  const prefillSeconds = sum('ttftSum');
  return {
    requests,
    inputTokens,
    outputTokens,
    prefillSeconds,
    decodeSeconds: Math.max(0, sum('e2eSum') - prefillSeconds),
    promptTokensPerSecond: inputTokens / range.seconds,
    generationTokensPerSecond: outputTokens / range.seconds,
    requestsPerSecond: requests / range.seconds,
    ttftSeconds: quantilesOf(pods.map(p => p.ttftBuckets)),
    e2eSeconds: quantilesOf(pods.map(p => p.e2eBuckets)),
    gpuUtilisation: stats(rows, 'utilSum', 'utilCount', 'utilMax'),
    gpuMemoryUsedMiB: stats(rows, 'memSum', 'memCount', 'memMax'),
    gpuHours: gpuHoursOf(devices, range, options.gpuClasses),
  };
}

/**
 * The gateway's tokens by caller (most first) and those without one.
 * Callers are only ever read from results; `describe` adds the catalog's
 * view of a caller where it has one.
 */
export function consumersOf(
  tokens: GatewayTokens[],
  describe: (caller: string) => { entityRef?: string; ownerRef?: string },
): { consumers: ServingConsumer[]; unattributed: TokenCounts } {
  const unattributed: TokenCounts = { inputTokens: 0, outputTokens: 0 };
  const byCaller = new Map<string, ServingConsumer>();
  for (const t of tokens) {
    if (t.caller === undefined) {
      unattributed.inputTokens += t.inputTokens;
      unattributed.outputTokens += t.outputTokens;
      continue;
    }
    const row = byCaller.get(t.caller) ?? {
      caller: t.caller,
      ...describe(t.caller),
      inputTokens: 0,
      outputTokens: 0,
    };
    row.inputTokens += t.inputTokens;
    row.outputTokens += t.outputTokens;
    byCaller.set(t.caller, row);
  }
  const consumers = [...byCaller.values()].sort(
    (a, b) =>
      b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens) ||
      a.caller.localeCompare(b.caller),
  );
  return { consumers, unattributed };
}
