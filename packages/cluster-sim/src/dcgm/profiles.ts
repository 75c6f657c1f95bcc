import { WorkloadProfile } from '../topology/types';
import { seededNoise } from './seededNoise';

/** What a device is doing: a workload profile, or nothing at all. */
export type Activity = WorkloadProfile | 'unheld';

/** How a workload profile shows up in the metrics, beyond its load curve. */
export interface ProfileSpec {
  /** Half-width of the per-sample noise on `DCGM_FI_DEV_GPU_UTIL`, in points. */
  utilNoise: number;
  /** Power at zero load relative to the idle board power (a CUDA context keeps the GPU in P0). */
  basePowerFactor: number;
  /** `MEM_COPY_UTIL` relative to `GPU_UTIL`. */
  memCopyRatio: number;
  /** `PIPE_TENSOR_ACTIVE` and `DRAM_ACTIVE` relative to `GR_ENGINE_ACTIVE`. */
  tensorRatio: number;
  dramRatio: number;
  /** PCIe traffic at full load, bytes per second. */
  pcieTxBytes: number;
  pcieRxBytes: number;
  /** NVLink counter increase per ms at full load (MiB; multi-GPU collectives). */
  nvlinkPerMs: number;
  /**
   * Framebuffer used, in MiB, of `totalMiB`. `key` identifies the device,
   * `bucket` the 30 s sample.
   */
  fbUsedMiB(totalMiB: number, key: number, bucket: number): number;
}

const FB_CHANNEL = 40;
const FB_NOISE_CHANNEL = 41;

/**
 * The metric behaviour of each activity. The load over time comes from
 * `loadCurve`; these are the ratios and memory footprints around it.
 */
export const profiles: Record<Activity, ProfileSpec> = {
  training: {
    utilNoise: 3.5,
    basePowerFactor: 1.3,
    memCopyRatio: 0.45,
    tensorRatio: 0.55,
    dramRatio: 0.5,
    pcieTxBytes: 60e6,
    pcieRxBytes: 250e6,
    nvlinkPerMs: 80,
    // Weights, optimizer state and activations: 85-95 % of memory, with the
    // caching allocator breathing a little.
    fbUsedMiB: (total, key, bucket) =>
      total * (0.85 + 0.1 * seededNoise(key, FB_CHANNEL, 0)) +
      total * 0.004 * (seededNoise(key, FB_NOISE_CHANNEL, bucket) - 0.5),
  },
  inference: {
    utilNoise: 5,
    basePowerFactor: 1.6,
    memCopyRatio: 0.55,
    tensorRatio: 0.35,
    dramRatio: 0.7,
    pcieTxBytes: 12e6,
    pcieRxBytes: 20e6,
    nvlinkPerMs: 8,
    // vLLM preallocates gpu_memory_utilization (0.9) of the memory at start.
    fbUsedMiB: (total, key) =>
      total * (0.88 + 0.03 * seededNoise(key, FB_CHANNEL, 0)),
  },
  notebook: {
    utilNoise: 1.5,
    basePowerFactor: 1.3,
    memCopyRatio: 0.3,
    tensorRatio: 0.2,
    dramRatio: 0.3,
    pcieTxBytes: 20e6,
    pcieRxBytes: 80e6,
    nvlinkPerMs: 0,
    fbUsedMiB: (total, key) =>
      total * (0.12 + 0.3 * seededNoise(key, FB_CHANNEL, 0)),
  },
  idle: {
    utilNoise: 0,
    basePowerFactor: 1.2,
    memCopyRatio: 0,
    tensorRatio: 0,
    dramRatio: 0,
    pcieTxBytes: 0,
    pcieRxBytes: 0,
    nvlinkPerMs: 0,
    // Just the CUDA context: a few hundred MiB.
    fbUsedMiB: (_total, key) => 300 + 300 * seededNoise(key, FB_CHANNEL, 0),
  },
  unheld: {
    utilNoise: 0,
    basePowerFactor: 1,
    memCopyRatio: 0,
    tensorRatio: 0,
    dramRatio: 0,
    pcieTxBytes: 0,
    pcieRxBytes: 0,
    nvlinkPerMs: 0,
    fbUsedMiB: () => 0,
  },
};
