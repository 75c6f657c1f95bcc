import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { GrantProvisioner } from './types';

/** A provisioner that takes over the grants of some clusters. @public */
export interface GpuProvisionerRegistration {
  /** Names the provisioner in logs and start-up errors, for example `kai` or `volcano`. */
  id: string;
  /** The clusters (names from the `kubernetes` config) whose grants it provisions. */
  clusters: string[];
  /** Applies, removes and inspects the grants of those clusters. */
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
  /** Adds a provisioner for the clusters it names. */
  addProvisioner(registration: GpuProvisionerRegistration): void;
}

/**
 * The extension point through which backend modules of the GPU provisioning
 * plugin add grant provisioners; see {@link GpuProvisionersExtensionPoint}.
 *
 * @public
 */
export const gpuProvisionersExtensionPoint =
  createExtensionPoint<GpuProvisionersExtensionPoint>({
    id: 'gpu-provisioning.provisioners',
  });
