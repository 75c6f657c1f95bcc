/**
 * Extension points of the GPU provisioning backend: grant provisioners that
 * other teams' backend modules add for the clusters they run, for example
 * with KAI or Volcano.
 *
 * @packageDocumentation
 */

export { gpuProvisionersExtensionPoint } from './extensions';
export type {
  GpuProvisionerRegistration,
  GpuProvisionersExtensionPoint,
} from './extensions';
export type { GrantObjectsState, GrantProvisioner, GrantSpec } from './types';
