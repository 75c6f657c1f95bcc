export { gpuProvisioningApiRef } from './GpuProvisioningApi';
export type { GpuProvisioningApi } from './GpuProvisioningApi';
export { GpuProvisioningClient } from './GpuProvisioningClient';
export type {
  Calendar,
  CalendarOptions,
  CreateGpuRequestOptions,
  GpuClassesResponse,
  GpuRequestListResponse,
  GpuRequestScope,
  ListGpuRequestsOptions,
  StartEstimate,
  StartEstimateOptions,
  TeamQuotaResponse,
} from './types';
