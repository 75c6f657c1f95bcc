import { GpuProduct } from '../topology/types';

/** Hardware behaviour of a GPU product that the topology does not spell out. */
export interface ProductTraits {
  idleSmClockMHz: number;
  maxSmClockMHz: number;
  /** GDDR memory drops its clock when idle; HBM runs at a fixed clock. */
  idleMemClockMHz: number;
  maxMemClockMHz: number;
  /** HBM parts report a memory temperature; GDDR parts such as the L4 report 0. */
  hbm: boolean;
  /** Only NVLink parts report `DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL`. */
  nvlink: boolean;
  /** Board power with no process on the GPU, in W. */
  idleWatts: number;
  /** Compute slices a MIG profile's `<n>g` counts against (7 on A100/H100). */
  migComputeSlices: number;
}

interface FamilyClocks {
  idleSm: number;
  maxSm: number;
  hbmMem: number;
  gddrMem: number;
}

const familyClocks: Record<string, FamilyClocks> = {
  turing: { idleSm: 300, maxSm: 1590, hbmMem: 877, gddrMem: 5000 },
  ampere: { idleSm: 210, maxSm: 1410, hbmMem: 1593, gddrMem: 6251 },
  'ada-lovelace': { idleSm: 210, maxSm: 2040, hbmMem: 0, gddrMem: 6251 },
  hopper: { idleSm: 345, maxSm: 1980, hbmMem: 2619, gddrMem: 0 },
  blackwell: { idleSm: 120, maxSm: 1965, hbmMem: 3996, gddrMem: 0 },
};

const HBM_MODELS =
  /HBM|A100|A800|A30\b|H100|H800|H200|H20\b|B100|B200|GB200|GH200/i;
const NVLINK_MODELS = /SXM|HBM3|H200|B100|B200|GB200|GH200|NVL\b/i;
/** GDDR memory clock with no process on the GPU (the L4 reference scrape). */
const GDDR_IDLE_MEM_CLOCK = 405;

/**
 * Traits of a GPU product, from its GPU family and model name. Heuristic on
 * purpose: the topology only carries what GPU Feature Discovery labels.
 */
export function productTraits(product: GpuProduct): ProductTraits {
  const clocks = familyClocks[product.family] ?? familyClocks.ampere;
  const hbm = HBM_MODELS.test(product.modelName);
  const memClock = hbm ? clocks.hbmMem || 1593 : clocks.gddrMem || 6251;
  return {
    idleSmClockMHz: clocks.idleSm,
    maxSmClockMHz: clocks.maxSm,
    idleMemClockMHz: hbm ? memClock : GDDR_IDLE_MEM_CLOCK,
    maxMemClockMHz: memClock,
    hbm,
    nvlink: NVLINK_MODELS.test(product.modelName),
    // 10 W + 8 % of the limit: ~16 W for an L4 (72 W), ~66 W for an H100
    // SXM (700 W), as in the reference scrapes.
    idleWatts: 10 + 0.08 * product.maxPowerWatts,
    migComputeSlices: /A30\b/i.test(product.modelName) ? 4 : 7,
  };
}
