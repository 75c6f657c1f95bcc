import { UNALLOCATED } from '@ai-platform/plugin-cost-common';
import { GpuDailyRow } from '../database/types';

/** The money of GPU allocation rows summed exactly, in nano-units. */
export interface IdleWasteNanos {
  allocated: bigint;
  used: bigint;
  /** `allocated - used`. */
  idle: bigint;
}

/** One (entity, team, GPU class) of an idle-waste answer, before conversion. */
export interface IdleWasteItemSums {
  entityRef: string;
  team: string;
  gpuClass: string;
  gpuHoursAllocated: number;
  gpuHoursUsed: number;
  nanos: IdleWasteNanos;
}

/** Everything an idle-waste answer reports, summed in integers. */
export interface IdleWasteSums {
  items: IdleWasteItemSums[];
  total: IdleWasteNanos;
  /** Idle nano-units per day, for the days given (zero-filled). */
  idlePerDay: Map<string, bigint>;
}

const zero = (): IdleWasteNanos => ({ allocated: 0n, used: 0n, idle: 0n });

function add(sum: IdleWasteNanos, row: GpuDailyRow): void {
  sum.allocated += row.allocatedCostNanos;
  sum.used += row.usedCostNanos;
  sum.idle += row.allocatedCostNanos - row.usedCostNanos;
}

/**
 * Sums GPU allocation rows by (entity, team, GPU class), in total and per
 * day, as `BigInt` nano-units: every sum is exact, so the total is the sum
 * of the items and of the days to the nano-unit, and each figure is
 * converted to currency once, at the end.
 */
export function sumIdleWaste(
  rows: GpuDailyRow[],
  days: string[],
): IdleWasteSums {
  const items = new Map<string, IdleWasteItemSums>();
  const total = zero();
  const idlePerDay = new Map(days.map(d => [d, 0n]));
  for (const r of rows) {
    const entityRef = r.entityRef ?? UNALLOCATED;
    const key = `${entityRef}\u0000${r.team}\u0000${r.gpuClass}`;
    let item = items.get(key);
    if (!item) {
      item = {
        entityRef,
        team: r.team,
        gpuClass: r.gpuClass,
        gpuHoursAllocated: 0,
        gpuHoursUsed: 0,
        nanos: zero(),
      };
      items.set(key, item);
    }
    item.gpuHoursAllocated += r.gpuHoursAllocated;
    item.gpuHoursUsed += r.gpuHoursUsed;
    add(item.nanos, r);
    add(total, r);
    idlePerDay.set(
      r.day,
      (idlePerDay.get(r.day) ?? 0n) + r.allocatedCostNanos - r.usedCostNanos,
    );
  }
  return { items: [...items.values()], total, idlePerDay };
}
