import { GpuDevice, GpuHolder, NodeGpus } from '../topology/types';
import { dcgmCounters } from './counters';
import { LoadCurve, loadCurve } from './loadCurve';
import { ProductTraits, productTraits } from './productTraits';
import { ProfileSpec, profiles } from './profiles';
import { SAMPLE_PERIOD_MS, hashKey, seededNoise } from './seededNoise';

/** Options shared by everything that computes simulated GPU values. */
export interface GpuModelOptions {
  /** The topology seed: the same seed gives the same series. */
  seed: number;
  /**
   * When the GPUs were powered on; `TOTAL_ENERGY_CONSUMPTION` counts from
   * here. Defaults to {@link DEFAULT_BOOT_TIME}.
   */
  bootTime?: Date;
}

/** Default power-on time of every simulated GPU. */
export const DEFAULT_BOOT_TIME = new Date('2025-01-01T00:00:00Z');

/** A value of one metric family over time; `t` is a 30 s bucket start in ms. */
export type ValueFn = (t: number) => number;

/** One exporter entity: a whole GPU, or a GPU instance of a MIG GPU. */
export interface SeriesSource {
  /** The ids that label its series. */
  device: GpuDevice;
  /** The pod holding it at `t` (before `holder.since` nobody holds it). */
  holderAt(t: number): GpuHolder | undefined;
  /** The family's value function, or undefined if the entity does not report it. */
  valueOf(counterName: string): ValueFn | undefined;
}

/** A physical GPU: its whole-GPU series and, in MIG mode, its instances. */
export interface GpuModel {
  gpu: SeriesSource;
  instances: SeriesSource[];
  traits: ProductTraits;
}

// Noise channels: one per quantity so they are independent.
const CH_UTIL = 1;
const CH_MEM_COPY = 2;
const CH_GR = 3;
const CH_TENSOR = 4;
const CH_DRAM = 5;
const CH_POWER = 6;
const CH_TEMP = 7;
const CH_MEM_TEMP = 8;
const CH_SM_CLOCK = 9;
const CH_PCIE_TX = 10;
const CH_PCIE_RX = 11;
const CH_AMBIENT = 12;

/** FB reserved by the driver: 470 MiB of the L4's 23034 in the reference scrape. */
const FB_RESERVED_FRACTION = 0.0204;

const bucketOf = (t: number) => Math.floor(t / SAMPLE_PERIOD_MS);
const clamp = (v: number, lo: number, hi: number) =>
  Math.min(Math.max(v, lo), hi);
/** Symmetric noise in [-1, 1). */
const signed = (key: number, channel: number, bucket: number) =>
  2 * seededNoise(key, channel, bucket) - 1;

/** A workload on a device, from `holder.since` on. */
interface Occupant {
  holder: GpuHolder;
  sinceMs: number;
  spec: ProfileSpec;
  curve: LoadCurve;
  /** Share of the physical GPU: 1, or a MIG instance's compute slices. */
  fraction: number;
}

function occupantOf(
  device: GpuDevice,
  seed: number,
  fraction: number,
): Occupant | undefined {
  const holder = device.holder;
  if (!holder) {
    return undefined;
  }
  return {
    holder,
    sinceMs: holder.since.getTime(),
    spec: profiles[holder.profile],
    // Keyed by pod: all GPUs of a pod, and its vLLM server, share one curve.
    curve: loadCurve(
      holder.profile,
      hashKey(seed, holder.namespace, holder.pod),
    ),
    fraction,
  };
}

const isActive = (occ: Occupant | undefined, t: number): occ is Occupant =>
  occ !== undefined && t >= occ.sinceMs;

/** Per-entity quantities: what a GPU (or a MIG instance) does by itself. */
interface EntityValues {
  level: ValueFn;
  util: ValueFn;
  memCopyUtil: ValueFn;
  grActive: ValueFn;
  tensorActive: ValueFn;
  dramActive: ValueFn;
  fbUsed: ValueFn;
  fbFree: ValueFn;
}

function entityValues(
  key: number,
  occ: Occupant | undefined,
  totalMiB: number,
  reservedMiB: number,
): EntityValues {
  const level: ValueFn = t => (isActive(occ, t) ? occ.curve.level(t) : 0);
  const util: ValueFn = t => {
    if (!isActive(occ, t)) {
      return 0;
    }
    const noise = occ.spec.utilNoise * signed(key, CH_UTIL, bucketOf(t));
    return clamp(Math.round(100 * occ.curve.level(t) + noise), 0, 100);
  };
  const grActive: ValueFn = t => {
    const l = level(t);
    if (l === 0) {
      return 0;
    }
    return clamp(l * 0.98 + 0.02 * signed(key, CH_GR, bucketOf(t)), 0, 1);
  };
  const ratio =
    (pick: (spec: ProfileSpec) => number, channel: number): ValueFn =>
    t => {
      if (!isActive(occ, t)) {
        return 0;
      }
      const jitter = 0.9 + 0.2 * seededNoise(key, channel, bucketOf(t));
      return clamp(grActive(t) * pick(occ.spec) * jitter, 0, 1);
    };
  const fbUsed: ValueFn = t =>
    isActive(occ, t)
      ? Math.min(
          Math.round(occ.spec.fbUsedMiB(totalMiB, key, bucketOf(t))),
          totalMiB - reservedMiB,
        )
      : 0;
  return {
    level,
    util,
    memCopyUtil: t => {
      if (!isActive(occ, t) || occ.spec.memCopyRatio === 0) {
        return 0;
      }
      const noise = 2 * signed(key, CH_MEM_COPY, bucketOf(t));
      return clamp(Math.round(util(t) * occ.spec.memCopyRatio + noise), 0, 100);
    },
    grActive,
    tensorActive: ratio(spec => spec.tensorRatio, CH_TENSOR),
    dramActive: ratio(spec => spec.dramRatio, CH_DRAM),
    fbUsed,
    fbFree: t => totalMiB - reservedMiB - fbUsed(t),
  };
}

/** Compute slices of a MIG profile such as `3g.40gb`, as a share of the GPU. */
function migFraction(profile: string, traits: ProductTraits): number {
  const match = /^(\d+)g\./.exec(profile);
  const slices = match ? Number(match[1]) : 1;
  return Math.min(1, slices / traits.migComputeSlices);
}

function physicalGpuModel(
  devices: GpuDevice[],
  options: GpuModelOptions,
): GpuModel {
  const { seed } = options;
  const bootMs = (options.bootTime ?? DEFAULT_BOOT_TIME).getTime();
  const first = devices[0];
  const product = first.product;
  const traits = productTraits(product);
  const gpuKey = hashKey(seed, first.uuid);
  const migDevices = devices.filter(d => d.mig);
  const isMig = migDevices.length > 0;
  const whole = devices.find(d => !d.mig);
  const gpuDevice: GpuDevice = isMig
    ? {
        index: first.index,
        uuid: first.uuid,
        pciBusId: first.pciBusId,
        device: first.device,
        product,
      }
    : whole!;
  const reservedMiB = Math.round(product.memoryMiB * FB_RESERVED_FRACTION);

  const instances = migDevices.map(device => {
    const occ = occupantOf(
      device,
      seed,
      migFraction(device.mig!.profile, traits),
    );
    const key = hashKey(seed, device.uuid, `gi${device.mig!.instanceId}`);
    return {
      device,
      occ,
      values: entityValues(key, occ, device.mig!.memoryMiB, 0),
    };
  });
  const wholeOcc = isMig ? undefined : occupantOf(gpuDevice, seed, 1);
  const wholeValues = isMig
    ? undefined
    : entityValues(gpuKey, wholeOcc, product.memoryMiB, reservedMiB);
  const wholeOccupants = wholeOcc ? [wholeOcc] : [];
  const occupants = isMig
    ? instances.flatMap(i => (i.occ ? [i.occ] : []))
    : wholeOccupants;

  const idleWatts = traits.idleWatts;
  // Dynamic range, chosen so base + range stays below 90 % of the limit.
  const powerRange = 0.9 * product.maxPowerWatts - 1.6 * idleWatts;
  const ambient = 26 + 5 * seededNoise(gpuKey, CH_AMBIENT, 0);

  const load: ValueFn = t => {
    let sum = 0;
    for (const occ of occupants) {
      if (t >= occ.sinceMs) {
        sum += occ.fraction * occ.curve.level(t);
      }
    }
    return sum;
  };
  const anyActive = (t: number) => occupants.some(occ => t >= occ.sinceMs);
  const meanPower: ValueFn = t => {
    let watts = idleWatts;
    for (const occ of occupants) {
      if (t >= occ.sinceMs) {
        watts +=
          occ.fraction *
          (idleWatts * (occ.spec.basePowerFactor - 1) +
            powerRange * occ.curve.level(t));
      }
    }
    return watts;
  };
  // The closed-form integral of meanPower since boot: W·ms = mJ.
  const energy: ValueFn = t => {
    if (t <= bootMs) {
      return 0;
    }
    let mj = idleWatts * (t - bootMs);
    for (const occ of occupants) {
      const from = Math.max(occ.sinceMs, bootMs);
      if (t > from) {
        mj +=
          occ.fraction *
          (idleWatts * (occ.spec.basePowerFactor - 1) * (t - from) +
            powerRange * occ.curve.integral(from, t));
      }
    }
    return Math.floor(mj);
  };
  const nvlink: ValueFn = t => {
    let total = 0;
    for (const occ of occupants) {
      const from = Math.max(occ.sinceMs, bootMs);
      // MIG instances have no NVLink peer access.
      if (!isMig && t > from) {
        total += occ.spec.nvlinkPerMs * occ.curve.integral(from, t);
      }
    }
    return Math.floor(total);
  };
  const gpuTemp: ValueFn = t =>
    Math.round(
      ambient +
        (anyActive(t) ? 3 : 0) +
        38 * load(t) +
        signed(gpuKey, CH_TEMP, bucketOf(t)),
    );
  const pcie =
    (
      base: number,
      spread: number,
      channel: number,
      rate: (s: ProfileSpec) => number,
    ): ValueFn =>
    t => {
      const noise = seededNoise(gpuKey, channel, bucketOf(t));
      let bytes = base + spread * noise;
      for (const occ of occupants) {
        if (t >= occ.sinceMs) {
          bytes +=
            occ.fraction *
            occ.curve.level(t) *
            rate(occ.spec) *
            (0.8 + 0.4 * noise);
        }
      }
      return Math.round(bytes);
    };
  const sumInstances =
    (pick: (v: EntityValues) => ValueFn): ValueFn =>
    t => {
      let sum = 0;
      for (const instance of instances) {
        sum += instance.occ
          ? instance.occ.fraction * pick(instance.values)(t)
          : 0;
      }
      return sum;
    };
  const migFbUsed: ValueFn = t => {
    let sum = 0;
    for (const instance of instances) {
      sum += instance.values.fbUsed(t);
    }
    return sum;
  };
  const zero: ValueFn = () => 0;

  const gpuFns: Record<string, ValueFn> = {
    DCGM_FI_DEV_SM_CLOCK: t =>
      anyActive(t)
        ? traits.maxSmClockMHz -
          15 *
            Math.floor(
              seededNoise(gpuKey, CH_SM_CLOCK, bucketOf(t)) * 6 * load(t),
            )
        : traits.idleSmClockMHz,
    DCGM_FI_DEV_MEM_CLOCK: t =>
      anyActive(t) ? traits.maxMemClockMHz : traits.idleMemClockMHz,
    DCGM_FI_DEV_MEMORY_TEMP: t =>
      traits.hbm
        ? Math.round(
            gpuTemp(t) +
              4 +
              6 * load(t) +
              0.5 * signed(gpuKey, CH_MEM_TEMP, bucketOf(t)),
          )
        : 0,
    DCGM_FI_DEV_GPU_TEMP: gpuTemp,
    DCGM_FI_DEV_POWER_USAGE: t => {
      const mean = meanPower(t);
      const noise = (0.3 + 0.01 * mean) * signed(gpuKey, CH_POWER, bucketOf(t));
      // NVML reports milliwatts.
      return Math.round((mean + noise) * 1000) / 1000;
    },
    DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION: energy,
    DCGM_FI_DEV_PCIE_REPLAY_COUNTER: zero,
    DCGM_FI_DEV_GPU_UTIL: wholeValues?.util ?? zero,
    DCGM_FI_DEV_MEM_COPY_UTIL: wholeValues?.memCopyUtil ?? zero,
    DCGM_FI_DEV_ENC_UTIL: zero,
    DCGM_FI_DEV_DEC_UTIL: zero,
    DCGM_FI_DEV_XID_ERRORS: zero,
    DCGM_FI_DEV_FB_USED: wholeValues?.fbUsed ?? migFbUsed,
    DCGM_FI_DEV_FB_FREE:
      wholeValues?.fbFree ??
      (t => product.memoryMiB - reservedMiB - migFbUsed(t)),
    DCGM_FI_DEV_FB_RESERVED: () => reservedMiB,
    DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS: zero,
    DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS: zero,
    DCGM_FI_DEV_ROW_REMAP_FAILURE: zero,
    DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL: nvlink,
    DCGM_FI_DEV_VGPU_LICENSE_STATUS: zero,
    DCGM_FI_PROF_GR_ENGINE_ACTIVE:
      wholeValues?.grActive ?? sumInstances(v => v.grActive),
    DCGM_FI_PROF_PIPE_TENSOR_ACTIVE:
      wholeValues?.tensorActive ?? sumInstances(v => v.tensorActive),
    DCGM_FI_PROF_DRAM_ACTIVE:
      wholeValues?.dramActive ?? sumInstances(v => v.dramActive),
    DCGM_FI_PROF_PCIE_TX_BYTES: pcie(
      95_000,
      30_000,
      CH_PCIE_TX,
      s => s.pcieTxBytes,
    ),
    DCGM_FI_PROF_PCIE_RX_BYTES: pcie(
      15_000,
      6_000,
      CH_PCIE_RX,
      s => s.pcieRxBytes,
    ),
  };

  const counterByName = new Map(dcgmCounters.map(c => [c.name, c]));
  const gpu: SeriesSource = {
    device: gpuDevice,
    holderAt: t => (isActive(wholeOcc, t) ? wholeOcc.holder : undefined),
    valueOf: name => {
      const counter = counterByName.get(name);
      if (
        !counter ||
        (isMig && counter.migScope === 'notInMig') ||
        (counter.nvlinkOnly && !traits.nvlink)
      ) {
        return undefined;
      }
      return gpuFns[name];
    },
  };

  return {
    gpu,
    traits,
    instances: instances.map(({ device, occ, values }) => {
      const fns: Record<string, ValueFn> = {
        DCGM_FI_DEV_XID_ERRORS: zero,
        DCGM_FI_DEV_FB_FREE: values.fbFree,
        DCGM_FI_DEV_FB_USED: values.fbUsed,
        DCGM_FI_PROF_GR_ENGINE_ACTIVE: values.grActive,
        DCGM_FI_PROF_PIPE_TENSOR_ACTIVE: values.tensorActive,
        DCGM_FI_PROF_DRAM_ACTIVE: values.dramActive,
      };
      return {
        device,
        holderAt: (t: number) => (isActive(occ, t) ? occ.holder : undefined),
        valueOf: (name: string) =>
          counterByName.get(name)?.migScope === 'gpuAndInstance'
            ? fns[name]
            : undefined,
      };
    }),
  };
}

/**
 * The simulated GPUs of a node, one model per physical GPU (devices that
 * share an index are the MIG instances of one GPU), in index order.
 */
export function gpuModels(
  node: NodeGpus,
  options: GpuModelOptions,
): GpuModel[] {
  const byIndex = new Map<number, GpuDevice[]>();
  for (const device of node.devices) {
    const group = byIndex.get(device.index) ?? [];
    group.push(device);
    byIndex.set(device.index, group);
  }
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, devices]) =>
      physicalGpuModel(
        [...devices].sort(
          (a, b) => (a.mig?.instanceId ?? -1) - (b.mig?.instanceId ?? -1),
        ),
        options,
      ),
    );
}
