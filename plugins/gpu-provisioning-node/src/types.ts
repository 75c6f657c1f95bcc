import type { GpuRequest } from '@ai-platform/plugin-gpu-provisioning-common';

/** What a grant needs on its cluster, derived from the request and the team. @public */
export interface GrantSpec {
  /** The request the grant is for. */
  request: GpuRequest;
  /** The team's name (the Group entity's `metadata.name`). */
  teamName: string;
  /** The team's cost centre from its Group entity annotation, if any. */
  costCenter?: string;
}

/** The Kubernetes objects of a grant, as last seen on the cluster. @public */
export interface GrantObjectsState {
  /** Whether the grant's namespace exists. */
  namespaceExists: boolean;
  /** Objects whose spec differs from what the grant should have (drift). */
  drifted: string[];
}

/** Puts grants on clusters and takes them off. @public */
export interface GrantProvisioner {
  /**
   * Applies the grant's namespace, quota (or LocalQueue), RoleBinding and
   * NetworkPolicy with server-side apply. Idempotent. All or nothing: if any
   * object fails, the objects this call created are removed and it throws.
   */
  apply(grant: GrantSpec): Promise<void>;
  /** Removes the grant's namespace (and with it every object in it). Idempotent. */
  remove(grant: GrantSpec): Promise<void>;
  /** Compares the cluster's objects with the grant's. */
  inspect(grant: GrantSpec): Promise<GrantObjectsState>;
}
