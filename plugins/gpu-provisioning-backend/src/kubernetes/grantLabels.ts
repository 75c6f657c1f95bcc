/**
 * Names the grant's Kubernetes objects carry: the field manager of every
 * server-side apply, the labels selectable by tools and the annotations for
 * people.
 */

/** The field manager of every server-side apply of this plugin. */
export const FIELD_MANAGER = 'ai-platform-gpu-provisioning';

/** Value of `app.kubernetes.io/managed-by` on every object of a grant. */
export const MANAGED_BY = 'ai-platform-portal';

/** Label keys. Values are always label-safe (see `toLabelValue`). */
export const GRANT_LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  team: 'ai-platform.io/team',
  grantId: 'ai-platform.io/grant-id',
  dataClassification: 'ai-platform.io/data-classification',
  costCenter: 'ai-platform.io/cost-center',
  expiresAt: 'ai-platform.io/expires-at',
  entity: 'ai-platform.io/entity',
} as const;

/** Annotation keys, for the human-readable values labels cannot hold. */
export const GRANT_ANNOTATIONS = {
  requestedBy: 'ai-platform.io/requested-by',
  team: 'ai-platform.io/team-ref',
  entityRef: 'ai-platform.io/entity-ref',
  expiresAt: 'ai-platform.io/expires-at',
  purpose: 'ai-platform.io/purpose',
  costCenter: 'ai-platform.io/cost-center',
  gpus: 'ai-platform.io/gpus',
  /** Read by the PodNodeSelector admission plugin, where it is enabled. */
  nodeSelector: 'scheduler.alpha.kubernetes.io/node-selector',
} as const;

/** Names of the objects in a grant's namespace. */
export const GRANT_OBJECT_NAMES = {
  quota: 'gpu-grant',
  localQueue: 'gpu-grant',
  roleBinding: 'gpu-grant-team',
  networkPolicy: 'default-deny',
} as const;
