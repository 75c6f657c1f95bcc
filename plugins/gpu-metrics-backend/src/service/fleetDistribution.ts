import { FleetUsage } from '@ai-platform/plugin-gpu-metrics-common';
import { InstantSample } from '../prometheus/PrometheusClient';

/** Prometheus' `quantile`: linear interpolation between closest ranks. */
export function quantile(phi: number, values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = phi * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.min(sorted.length - 1, lower + 1);
  const weight = rank - lower;
  return sorted[lower] * (1 - weight) + sorted[upper] * weight;
}

/**
 * A cluster's GPUs by model from each GPU's mean utilisation: count, mean,
 * p50 and p90, and a histogram in tens (the last bucket holds 90-100).
 */
export function fleetDistribution(
  cluster: string,
  means: InstantSample[],
): FleetUsage['clusters'] {
  const byModel = new Map<string, number[]>();
  for (const s of means) {
    const model = s.metric.modelName ?? '';
    byModel.set(model, [...(byModel.get(model) ?? []), s.value]);
  }
  return [...byModel.entries()].sort().map(([modelName, values]) => ({
    cluster,
    modelName,
    gpus: values.length,
    utilisation: {
      mean: values.reduce((a, b) => a + b, 0) / values.length,
      p50: quantile(0.5, values),
      p90: quantile(0.9, values),
    },
    histogram: Array.from({ length: 10 }, (_, i) => ({
      from: i * 10,
      to: (i + 1) * 10,
      count: values.filter(v =>
        i === 9 ? v >= 90 : v >= i * 10 && v < (i + 1) * 10,
      ).length,
    })),
  }));
}
