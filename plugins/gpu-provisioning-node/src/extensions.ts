import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { GrantProvisioner } from './types';

/** A provisioner that takes over the grants of some clusters. */
export interface GpuProvisionerRegistration {
  /** Names the provisioner in logs and start-up errors, for example `kai` or `volcano`. */
  id: string;
  /** The clusters (names from the `kubernetes` config) whose grants it provisions. */
  clusters: string[];
  provisioner: GrantProvisioner;
}

/**
 * Adds grant provisioners to the GPU provisioning backend. A grant goes to
 * the provisioner registered for its cluster, or else to the built-in
 * Kubernetes one (`resourcequota` or `kueue`, as configured). A cluster
 * claimed by two provisioners stops the backend at start-up.
 *
 * @public
 */
export interface GpuProvisionersExtensionPoint {
  addProvisioner(registration: GpuProvisionerRegistration): void;
}

/** @public */
export const gpuProvisionersExtensionPoint =
  createExtensionPoint<GpuProvisionersExtensionPoint>({
    id: 'gpu-provisioning.provisioners',
  });
