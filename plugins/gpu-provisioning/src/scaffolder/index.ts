export { GpuResourcePickerFieldExtension } from './GpuResourcePickerFieldExtension';
export { GpuResourcePicker } from '@ai-platform/plugin-gpu-provisioning-react';
export type {
  GpuResourcePickerProps,
  GpuResourcePickerUiOptions,
  GpuResourceValue,
} from '@ai-platform/plugin-gpu-provisioning-react';
