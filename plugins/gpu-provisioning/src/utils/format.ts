import { parseEntityRef } from '@backstage/catalog-model';
import { formatNumber } from '@ai-platform/plugin-ai-platform-react';

/**
 * Formatters of GPU provisioning's own vocabulary; numbers, money, durations
 * and dates come from `@ai-platform/plugin-ai-platform-react`.
 */

const HOUR_MS = 60 * 60 * 1000;

/** Framebuffer size from MiB, as NVIDIA names it: `80 GB`, `9.5 GB`. */
export function formatMemory(mib: number): string {
  return `${formatNumber(mib / 1024)} GB`;
}

/** When a grant that starts now would end. */
export function endOf(hours: number, now: number): string {
  return new Date(now + hours * HOUR_MS).toISOString();
}

/** The name part of an entity ref: `group:default/ml-platform` → `ml-platform`. */
export function entityName(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

/** What a request holds: `A100 80GB` or `A100 80GB · MIG 1g.10gb`. */
export function formatGpu(
  request: { gpuClass: string; migProfile?: string },
  displayNames?: Record<string, string>,
): string {
  const name = displayNames?.[request.gpuClass] ?? request.gpuClass;
  return request.migProfile ? `${name} · MIG ${request.migProfile}` : name;
}

/** A count of what a grant holds: `1 GPU`, `4 GPUs`, `3 MIG 1g.10gb instances`. */
export function formatUnits(count: number, migProfile?: string): string {
  if (migProfile) {
    return `${count} MIG ${migProfile} instance${count === 1 ? '' : 's'}`;
  }
  return `${count} GPU${count === 1 ? '' : 's'}`;
}
