export { GpuUsagePage } from './GpuUsagePage';
export { GpuUsageContent } from './GpuUsageContent';
