import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  GpuResourcePicker,
  validateGpuResource,
} from '@ai-platform/plugin-gpu-provisioning-react';

/**
 * The `GpuResourcePicker` field as the new frontend system's scaffolder loads it.
 *
 * @alpha
 */
export const gpuResourcePickerFormField = createFormField({
  name: 'GpuResourcePicker',
  component: GpuResourcePicker as any,
  validation: validateGpuResource as any,
});
