import { allocateLargestRemainder } from '@ai-platform/plugin-ai-platform-common';
import { GpuDailyRow, ServingSplitRow } from '../database/types';

/** A serving split's server, as the FOCUS export names it (`x_ServingSource`). */
export function servingSourceOf(split: ServingSplitRow): string {
  return (
    split.serverEntityRef ??
    `${split.cluster}/${split.namespace}/${split.serverAddress}`
  );
}

/**
 * Replaces the serving part of the server owners' grant rows with the
 * serving splits, so the FOCUS export charges a shared model server's cost
 * to its consumers once. For each server and day, the GPU grant rows of the
 * server's entity (or, without one, its owning team) on its cluster that
 * day give up the server's cost, as far as they hold it, spread over them
 * by largest remainder in proportion to their cost; their GPU-hours shrink
 * in the same proportion. What the grants did not hold (serving pods
 * outside any priced grant) is not in the grant rows, so adding it counts
 * nothing twice. Totals: grant rows after + splits = grant rows before +
 * the serving cost no grant held.
 */
export function reallocateServingCost(
  grants: GpuDailyRow[],
  splits: ServingSplitRow[],
): GpuDailyRow[] {
  const rows = grants.map(r => ({ ...r }));
  const servers = new Map<string, ServingSplitRow>();
  for (const split of splits) {
    servers.set(
      `${split.day}\n${servingSourceOf(split)}\n${split.cluster}`,
      split,
    );
  }
  for (const server of servers.values()) {
    const matching = rows.filter(
      r =>
        r.day === server.day &&
        r.cluster === server.cluster &&
        r.currency === server.currency &&
        r.allocatedCostNanos > 0n &&
        (server.serverEntityRef
          ? r.entityRef === server.serverEntityRef
          : server.serverOwner !== null && r.team === server.serverOwner),
    );
    const held = matching.reduce((s, r) => s + r.allocatedCostNanos, 0n);
    if (held === 0n) continue;
    const taken = server.serverCostNanos < held ? server.serverCostNanos : held;
    const parts = allocateLargestRemainder(
      taken,
      matching.map(r => r.allocatedCostNanos),
    );
    matching.forEach((row, i) => {
      const before = row.allocatedCostNanos;
      const after = before - parts[i];
      const kept = Number(after) / Number(before);
      row.allocatedCostNanos = after;
      row.usedCostNanos = (row.usedCostNanos * after) / before;
      row.gpuHoursAllocated *= kept;
      row.gpuHoursUsed *= kept;
    });
  }
  return rows.filter(r => r.allocatedCostNanos !== 0n);
}
