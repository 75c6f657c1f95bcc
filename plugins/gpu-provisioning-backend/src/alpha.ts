/**
 * Permission integration of the GPU provisioning backend: the `gpu-request`
 * resource ref and its rules, for policies and modules that build on them.
 *
 * @packageDocumentation
 */

export { gpuRequestPermissionResourceRef } from './permissions/gpuRequestPermissionResourceRef';
export {
  gpuRequestPermissionRules,
  isRequester,
  isTeam,
} from './permissions/rules';
export type { GpuRequestPermissionQuery } from './database/types';
