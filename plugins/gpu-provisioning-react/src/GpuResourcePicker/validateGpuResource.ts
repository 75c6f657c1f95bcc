import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { gpuProvisioningApiRef } from '../api';
import { quotaKeyOf } from './gpuResourceEstimate';
import { GpuResourcePickerUiOptions, GpuResourceValue } from './types';

/**
 * Validation of the GPU picker before the form moves on: every part chosen,
 * and no more than the team's quota left (read live; when the quota cannot be
 * read, the backend still checks it when the template runs).
 *
 * @public
 */
export const validateGpuResource: CustomFieldValidator<
  GpuResourceValue,
  GpuResourcePickerUiOptions
> = async (value, validation, context) => {
  if (!value?.cluster) validation.addError('Choose a cluster');
  if (!value?.gpuClass) validation.addError('Choose a GPU class');
  if (!Number.isInteger(value?.count) || value.count < 1) {
    validation.addError('Count must be a whole number of at least 1');
  }
  if (!Number.isInteger(value?.durationHours) || value.durationHours < 1) {
    validation.addError('Duration must be a whole number of hours, at least 1');
  }
  const teamField = context.uiSchema?.['ui:options']?.teamField ?? 'owner';
  const team = context.formData?.[teamField];
  const api = context.apiHolder.get(gpuProvisioningApiRef);
  if (!api || typeof team !== 'string' || !value?.gpuClass || !value.count) {
    return;
  }
  try {
    const { items } = await api.getQuota({ team });
    const quota = items.find(q => q.gpuClass === quotaKeyOf(value));
    if (quota && value.count > quota.remaining) {
      validation.addError(
        `${team} has ${quota.remaining} of ${quota.limit} ${quotaKeyOf(
          value,
        )} left; ask for fewer`,
      );
    }
  } catch {
    // The quota could not be read: the backend checks it when the template runs.
  }
};
