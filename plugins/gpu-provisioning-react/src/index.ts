/**
 * Web library of the GPU provisioning plugins: the `gpu-provisioning` API
 * client and its apiRef, the GPU request policy check shared by the request
 * form and the template field, and the GPU resource picker.
 *
 * @packageDocumentation
 */

export { gpuProvisioningApiRef, GpuProvisioningClient } from './api';
export type {
  GpuProvisioningApi,
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
} from './api';
export { checkGpuRequest, gpuRequestPolicyRules } from './policy';
export { useStartEstimate, startEstimateText } from './startEstimate';
export type { StartEstimateState } from './startEstimate';
export type { GpuPolicyFacts, GpuRequestDraft } from './policy';
export {
  GpuResourcePicker,
  validateGpuResource,
  quotaErrorText,
} from './GpuResourcePicker';
export type {
  GpuResourcePickerProps,
  GpuResourceValue,
  GpuResourcePickerUiOptions,
} from './GpuResourcePicker';
export { useIsGpuApprover } from './permissions/useIsGpuApprover';
export type { GpuApproverAnswer } from './permissions/useIsGpuApprover';
