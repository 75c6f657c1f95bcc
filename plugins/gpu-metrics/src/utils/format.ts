import { formatNumber, NO_DATA } from '@ai-platform/plugin-ai-platform-react';

/** GPU usage's own formatters; numbers, money and dates come from `@ai-platform/plugin-ai-platform-react`. */

/** Memory from MiB in GiB: `40.5 GiB`, or {@link NO_DATA}. */
export function formatMemory(mib: number | null): string {
  return mib === null ? NO_DATA : `${formatNumber(mib / 1024)} GiB`;
}

/** `1 GPU`, `4 GPUs`. */
export function formatGpus(count: number): string {
  return `${formatNumber(count)} GPU${count === 1 ? '' : 's'}`;
}
