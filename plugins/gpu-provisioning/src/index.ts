/**
 * GPU provisioning for the AI Platform Portal: capacity, the GPU request
 * form, the user's and team's grants, approvals, and the GPU allocations
 * entity card. This entry point serves apps on the legacy frontend system;
 * the new frontend system's plugin is the default export of `./alpha`.
 *
 * @packageDocumentation
 */

export {
  gpuProvisioningPlugin,
  GpuProvisioningPage,
  EntityGpuAllocationsCard,
  EntityQuotaSharingCard,
} from './plugin';
export { rootRouteRef as gpuProvisioningRouteRef } from './routes';
export {
  gpuProvisioningApiRef,
  GpuProvisioningClient,
} from '@ai-platform/plugin-gpu-provisioning-react';
export * from './scaffolder';
export type {
  GpuProvisioningApi,
  CreateGpuRequestOptions,
  GpuClassesResponse,
  GpuRequestListResponse,
  GpuRequestScope,
  ListGpuRequestsOptions,
  TeamQuotaResponse,
} from '@ai-platform/plugin-gpu-provisioning-react';
