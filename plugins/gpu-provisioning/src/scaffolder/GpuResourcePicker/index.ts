export { GpuResourcePicker } from './GpuResourcePicker';
export type { GpuResourcePickerProps } from './GpuResourcePicker';
export { validateGpuResource } from './validateGpuResource';
export type { GpuResourceValue, GpuResourcePickerUiOptions } from './types';
