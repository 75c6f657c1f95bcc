import { QuotaSharingClass } from '@ai-platform/plugin-gpu-provisioning-common';

/**
 * What one row of a cohort's sharing is about, in words: the class's name,
 * with its MIG profile when the row counts instances of one.
 */
export function sharingLabel(
  sharing: Pick<QuotaSharingClass, 'gpuClass' | 'migProfile'>,
  classNames: Record<string, string>,
): string {
  const className = classNames[sharing.gpuClass] ?? sharing.gpuClass;
  return sharing.migProfile
    ? `${className} MIG ${sharing.migProfile}`
    : className;
}

/**
 * `n` of what the row counts, GPUs or MIG instances, optionally named:
 * `2 GPUs`, `1 H100 80GB MIG 1g.10gb instance`.
 */
export function sharingCount(
  n: number,
  sharing: Pick<QuotaSharingClass, 'migProfile'>,
  label?: string,
): string {
  const unit = sharing.migProfile ? 'instance' : 'GPU';
  return `${n} ${label ? `${label} ` : ''}${unit}${n === 1 ? '' : 's'}`;
}
