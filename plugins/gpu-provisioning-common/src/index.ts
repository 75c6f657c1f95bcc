/**
 * Types, request schema and permissions shared by the GPU provisioning
 * frontend and backend.
 *
 * @packageDocumentation
 */

export * from './types';
export * from './quotaSharing';
export {
  gpuRequestInputSchema,
  gpuRequestExtendSchema,
  gpuRequestKeepSchema,
  gpuRequestShrinkSchema,
  gpuRequestRejectSchema,
  describeIssues,
} from './requestSchema';
export * from './permissions';
export {
  GPU_REQUEST_RULES,
  gpuRequestConditions,
  requesterOrTeamCondition,
  type GpuRequestCondition,
} from './conditions';
export { namespaceName, trimDashes } from './namespaceName';
export {
  GpuProvisioningApiClient,
  type RequestOptions,
  type TypedResponse,
} from './generated';
export type {
  components as GpuProvisioningApiComponents,
  operations as GpuProvisioningApiOperations,
} from './generated';
export * from './policy';
