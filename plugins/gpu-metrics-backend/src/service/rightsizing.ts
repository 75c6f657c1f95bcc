import { GpuClassRate } from '../config/GpuMetricsConfig';
import { RightsizingRecommendation } from '@ai-platform/plugin-gpu-metrics-common';

/** Hours in an average month, for monthly costs. */
export const HOURS_PER_MONTH = 730;
/** Memory headroom a recommendation keeps above the observed peak. */
export const MEMORY_HEADROOM = 1.1;

/** The class of a dcgm-exporter `modelName` (`NVIDIA H100 80GB HBM3` ↔ `NVIDIA-H100-80GB-HBM3`). */
export function classOfModel(
  classes: GpuClassRate[],
  modelName: string,
): GpuClassRate | undefined {
  const label = modelName.trim().replace(/\s+/g, '-');
  return classes.find(c => c.productLabel === label);
}

/** A MIG profile's share of a GPU's compute, from its `<n>g.` prefix (of 7 slices). */
function computeShare(profile: string): number {
  const slices = Number(/^(\d+)g\./.exec(profile)?.[1] ?? 7);
  return Math.min(1, slices / 7);
}

/**
 * The cheapest configured class or MIG profile that fits the observed peak
 * memory (with {@link MEMORY_HEADROOM}) and peak utilisation of whole GPUs of
 * `current`, or null when nothing cheaper fits.
 */
export function recommendRightsizing(options: {
  classes: GpuClassRate[];
  current: GpuClassRate;
  gpus: number;
  peakMemoryMiB: number;
  peakUtilisation: number;
}): RightsizingRecommendation | null {
  const { classes, current, gpus, peakMemoryMiB, peakUtilisation } = options;
  const needMiB = peakMemoryMiB * MEMORY_HEADROOM;
  const candidates = classes.flatMap(c => [
    { name: c.id, memoryMiB: c.memoryMiB, rate: c.hourlyRate, share: 1 },
    ...c.migProfiles.map(m => ({
      name: `${c.id}/${m.name}`,
      memoryMiB: m.memoryMiB,
      rate: m.hourlyRate,
      // A MIG slice runs what used `peakUtilisation` % of a whole GPU only
      // if that fits in its share of the compute.
      share: computeShare(m.name),
    })),
  ]);
  const fitting = candidates
    .filter(
      c =>
        c.rate < current.hourlyRate &&
        c.memoryMiB >= needMiB &&
        peakUtilisation <= c.share * 100,
    )
    .sort((a, b) => a.rate - b.rate);
  const best = fitting[0];
  if (!best) return null;
  return {
    current: current.id,
    recommended: best.name,
    reason: `Peak memory ${Math.round(
      peakMemoryMiB,
    )} MiB (+10% headroom) fits ${best.name} (${
      best.memoryMiB
    } MiB) and peak utilisation ${Math.round(
      peakUtilisation,
    )}% fits its compute`,
    monthlySaving:
      Math.round(
        (current.hourlyRate - best.rate) * gpus * HOURS_PER_MONTH * 100,
      ) / 100,
  };
}
