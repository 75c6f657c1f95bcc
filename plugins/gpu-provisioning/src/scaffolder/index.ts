export { GpuResourcePickerFieldExtension } from './GpuResourcePickerFieldExtension';
export { GpuResourcePicker } from './GpuResourcePicker';
export type {
  GpuResourcePickerProps,
  GpuResourcePickerUiOptions,
  GpuResourceValue,
} from './GpuResourcePicker';
