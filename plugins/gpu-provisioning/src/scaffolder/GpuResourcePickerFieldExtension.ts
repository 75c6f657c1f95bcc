import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { gpuProvisioningPlugin } from '../plugin';
import {
  GpuResourcePicker,
  GpuResourcePickerUiOptions,
  GpuResourceValue,
  validateGpuResource,
} from '@ai-platform/plugin-gpu-provisioning-react';

/**
 * The `GpuResourcePicker` scaffolder field for apps on the legacy frontend
 * system: put it inside `<ScaffolderFieldExtensions>` of the scaffolder page.
 *
 * @public
 */
export const GpuResourcePickerFieldExtension = gpuProvisioningPlugin.provide(
  createScaffolderFieldExtension<GpuResourceValue, GpuResourcePickerUiOptions>({
    name: 'GpuResourcePicker',
    component: GpuResourcePicker,
    validation: validateGpuResource,
  }),
);
