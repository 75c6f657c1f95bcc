export { GpuResourcePicker } from './GpuResourcePicker';
export type { GpuResourcePickerProps } from './GpuResourcePicker';
export { validateGpuResource } from './validateGpuResource';
export { gpuResourceEstimate, quotaKeyOf } from './gpuResourceEstimate';
export type { GpuResourceEstimate } from './gpuResourceEstimate';
export { quotaErrorText } from './quotaErrorText';
export type { GpuResourceValue, GpuResourcePickerUiOptions } from './types';
