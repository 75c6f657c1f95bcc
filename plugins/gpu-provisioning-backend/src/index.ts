/**
 * The GPU provisioning backend plugin: self-service GPU requests granted as
 * quota on Kubernetes, with a quota ledger, approvals and a lifecycle loop.
 *
 * @packageDocumentation
 */

export { gpuProvisioningPlugin as default } from './plugin';
export { gpuProvisioningPlugin } from './plugin';
export { DatabaseGrantStore } from './database/DatabaseGrantStore';
export type {
  GrantStore,
  GrantTotal,
  GpuRequestChanges,
  GpuRequestListFilter,
  GpuRequestPermissionQuery,
  NewGpuRequest,
} from './database/types';
export { createGpuRequestServices } from './service/createGpuRequestServices';
export type {
  GpuCapacityService,
  GpuClassesResponse,
  GpuQuotaService,
  GpuRequestCallContext,
  GpuRequestDecisionService,
  GpuRequestQueryService,
  GpuRequestScope,
  GpuRequestServices,
  GpuRequestSubmissionService,
  GrantChangeService,
  GrantLifecycle,
} from './service/types';
