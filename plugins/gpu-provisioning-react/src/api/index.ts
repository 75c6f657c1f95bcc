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
  IdleGrant,
  IdleGrantList,
  IdleNotice,
  IdlePolicyInfo,
  IdlePolicyReport,
  ListGpuRequestsOptions,
  QueuePosition,
  StartEstimate,
  StartEstimateOptions,
  TeamQuotaResponse,
} from './types';
