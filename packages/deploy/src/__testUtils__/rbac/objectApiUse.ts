/** Where GPU grants are applied: a ResourceQuota or a Kueue LocalQueue. */
export type GrantMode = 'resourcequota' | 'kueue';

/** What the GPU provisioner does with one kind through `KubernetesObjectApi`. */
export interface ObjectApiUse {
  kind: string;
  verbs: string[];
  /** Only in this `gpuProvisioning.mode`; both when absent. */
  mode?: GrantMode;
  why: string;
}

/**
 * The generic object client takes any object, so which verbs reach which
 * kind follows from how `KubernetesProvisioner` passes `grantObjects`' parts
 * around, which a text scan cannot follow. It is stated here instead, and
 * the RBAC test holds it to the code: these kinds must be exactly the kinds
 * the provisioner builds, these verbs exactly the verbs its client calls
 * need.
 */
export const OBJECT_API_USE: ObjectApiUse[] = [
  {
    kind: 'Namespace',
    verbs: ['get', 'patch', 'create', 'delete'],
    why: 'created for a new grant (read and server-side applied when it exists), read in inspect, deleted on removal and roll-back',
  },
  {
    kind: 'ResourceQuota',
    verbs: ['get', 'patch', 'create'],
    mode: 'resourcequota',
    why: 'server-side applied, read in inspect',
  },
  {
    kind: 'NetworkPolicy',
    verbs: ['get', 'patch', 'create'],
    why: 'server-side applied for confidential and restricted data, read in inspect',
  },
  {
    kind: 'RoleBinding',
    verbs: ['get', 'patch', 'create', 'delete'],
    why: 'server-side applied, read in inspect and before a changed roleRef is replaced (deleted)',
  },
  {
    kind: 'LocalQueue',
    verbs: ['get', 'patch', 'create'],
    mode: 'kueue',
    why: 'server-side applied, read in inspect',
  },
  {
    kind: 'ResourceFlavor',
    verbs: ['get', 'create'],
    mode: 'kueue',
    why: 'created when missing, never changed',
  },
  {
    kind: 'ClusterQueue',
    verbs: ['get'],
    mode: 'kueue',
    why: "read to warn when a grant's team queue is missing",
  },
];
