import { divideRounded } from '@ai-platform/plugin-ai-platform-common';

const HOUR_MS = 3_600_000n;

/**
 * A part of one physical GPU as an exact fraction: a MIG instance's
 * compute slices over the GPU's, or one of N time-sliced replicas.
 */
export interface GpuShare {
  numerator: bigint;
  denominator: bigint;
}

/** The whole GPU. */
export const WHOLE_GPU: GpuShare = { numerator: 1n, denominator: 1n };

/** A MIG-capable GPU model and how its compute can be sliced. */
export interface MigGpuModel {
  /** The model as NVIDIA names it, e.g. `H100`. */
  model: string;
  /** Compute slices (GPCs) of the whole GPU: the denominator of a share. */
  computeSlices: number;
  /** Compute slices a MIG profile of this model may have (the `<n>g`). */
  profileSlices: readonly number[];
}

/**
 * Compute slices per MIG-capable model, from NVIDIA's Multi-Instance GPU
 * User Guide ("Supported MIG Profiles" tables): A30 24GB splits into 4
 * (1g.6gb, 2g.12gb, 4g.24gb); A100 40/80GB, H100, H200, GH200, B200 and
 * GB200 into 7 (1g, 2g, 3g, 4g, 7g; `1g.20gb` and `+me` variants still
 * take one compute slice). Pricing is by compute slices: a profile that
 * also blocks memory slices (1g.20gb) leaves the compute it strands idle,
 * which the GPU's reconciliation reports rather than hides.
 */
export const MIG_GPU_MODELS: readonly MigGpuModel[] = [
  { model: 'A30', computeSlices: 4, profileSlices: [1, 2, 4] },
  ...['A100', 'H100', 'H200', 'GH200', 'B200', 'GB200'].map(model => ({
    model,
    computeSlices: 7,
    profileSlices: [1, 2, 3, 4, 7],
  })),
];

/**
 * The MIG model named by a GPU class id (`h100`, `a100-80gb`) or a GPU
 * Feature Discovery product label (`NVIDIA-H100-80GB-HBM3`): one of its
 * dash-, dot- or underscore-separated words is the model. Whole words
 * only, so GH200 is never taken for H200.
 */
export function migGpuModel(gpu: string): MigGpuModel | undefined {
  const words = new Set(gpu.toLocaleLowerCase('en-US').split(/[^a-z0-9]+/));
  return MIG_GPU_MODELS.find(m =>
    words.has(m.model.toLocaleLowerCase('en-US')),
  );
}

const PROFILE = /^(\d+)g\.\d+gb(?:\+[a-z0-9]+)?$/;

/** The compute slices of a MIG profile name (`3g.40gb` → 3), or undefined. */
export function migProfileSlices(profile: string): number | undefined {
  const match = PROFILE.exec(profile);
  return match ? Number(match[1]) : undefined;
}

/**
 * The share of its GPU one MIG instance is, or why there is none: the GPU
 * is not a known MIG model, or the profile is not one of its profiles.
 */
export function migShare(
  gpu: string,
  profile: string,
): { share: GpuShare } | { error: string } {
  const model = migGpuModel(gpu);
  if (!model) {
    return {
      error: `'${gpu}' is not a known MIG-capable GPU (${MIG_GPU_MODELS.map(
        m => m.model,
      ).join(', ')})`,
    };
  }
  const slices = migProfileSlices(profile);
  if (slices === undefined || !model.profileSlices.includes(slices)) {
    return {
      error: `'${profile}' is not a MIG profile of the ${
        model.model
      } (<n>g.<memory>gb with n in ${model.profileSlices.join(', ')})`,
    };
  }
  return {
    share: {
      numerator: BigInt(slices),
      denominator: BigInt(model.computeSlices),
    },
  };
}

/** One of `replicas` time-sliced shares of a GPU (NVIDIA device plugin `replicas`). */
export function timeSliceShare(replicas: number): GpuShare {
  if (!Number.isSafeInteger(replicas) || replicas < 1) {
    throw new RangeError(
      `time-slicing replicas must be a positive integer, got ${replicas}`,
    );
  }
  return { numerator: 1n, denominator: BigInt(replicas) };
}

/**
 * A share's hourly rate in nano-units, rounded half away from zero once:
 * what a row shows as its rate. Costs are computed from the exact fraction
 * (see `priceGrantDays` and `reconcileGpuCost`), never from this.
 */
export function shareRateNanos(rateNanos: bigint, share: GpuShare): bigint {
  return divideRounded(rateNanos * share.numerator, share.denominator);
}

/** A MIG instance or time-sliced replica of one physical GPU. */
export interface GpuPartUse {
  /** Names the part in the answer, e.g. `gpu0/mig-3g.40gb/1`. */
  id: string;
  share: GpuShare;
  /** Milliseconds of the interval it was allocated (0 when never). */
  allocatedMs: number;
}

/** The cost of one physical GPU over an interval, split without a nano lost. */
export interface GpuCostSplit {
  /** The GPU's cost: intervalMs × rate / 1 h, rounded once. */
  gpuNanos: bigint;
  /** Each part's cost, in the order given. */
  parts: Array<{ id: string; nanos: bigint }>;
  /** What no part paid for: unallocated parts, slices and time. */
  idleNanos: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? a : gcd(b, a % b);
}

/**
 * Splits a physical GPU's cost over an interval between its parts (by
 * share × allocated time) and idle (the rest), in exact nano-units. The
 * exact split is fractional; each part gets its floor and the nano-units
 * the rounded total still lacks go to the largest remainders (earlier parts
 * first on a tie, idle last), so parts + idle always equal the GPU's cost
 * rounded once. Throws when the shares exceed the GPU or a part is held
 * longer than the interval: such a layout cannot be priced honestly.
 */
export function reconcileGpuCost(options: {
  rateNanos: bigint;
  intervalMs: number;
  parts: GpuPartUse[];
}): GpuCostSplit {
  const { rateNanos, intervalMs, parts } = options;
  if (!Number.isSafeInteger(intervalMs) || intervalMs < 0) {
    throw new RangeError(`intervalMs must be a non-negative integer`);
  }
  if (rateNanos < 0n) throw new RangeError('rateNanos must not be negative');
  const common = parts.reduce(
    (lcm, p) => (lcm * p.share.denominator) / gcd(lcm, p.share.denominator),
    1n,
  );
  let sharesSum = 0n; // in 1 / common
  for (const p of parts) {
    if (p.share.numerator < 0n || p.share.denominator <= 0n) {
      throw new RangeError(`part ${p.id} has an invalid share`);
    }
    if (
      !Number.isSafeInteger(p.allocatedMs) ||
      p.allocatedMs < 0 ||
      p.allocatedMs > intervalMs
    ) {
      throw new RangeError(
        `part ${p.id} is allocated ${p.allocatedMs} ms of a ${intervalMs} ms interval`,
      );
    }
    sharesSum += (p.share.numerator * common) / p.share.denominator;
  }
  if (sharesSum > common) {
    throw new RangeError('the parts add up to more than one GPU');
  }
  // Exact amounts × (HOUR_MS × common), so every one is an integer.
  const scale = HOUR_MS * common;
  const exact = parts.map(
    p =>
      BigInt(p.allocatedMs) *
      rateNanos *
      ((p.share.numerator * common) / p.share.denominator),
  );
  const total = BigInt(intervalMs) * rateNanos * common;
  exact.push(total - exact.reduce((a, b) => a + b, 0n)); // idle
  const gpuNanos = divideRounded(total, scale);
  const nanos = exact.map(e => e / scale);
  let missing = gpuNanos - nanos.reduce((a, b) => a + b, 0n);
  const byRemainder = exact
    .map((e, index) => ({ index, remainder: e % scale }))
    .sort((a, b) =>
      a.remainder === b.remainder
        ? a.index - b.index
        : Number(b.remainder > a.remainder) - Number(b.remainder < a.remainder),
    );
  for (const { index } of byRemainder) {
    if (missing <= 0n) break;
    nanos[index] += 1n;
    missing -= 1n;
  }
  return {
    gpuNanos,
    parts: parts.map((p, i) => ({ id: p.id, nanos: nanos[i] })),
    idleNanos: nanos[parts.length],
  };
}
