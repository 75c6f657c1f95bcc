/**
 * Names the grant's Kubernetes objects carry: the field manager of every
 * server-side apply, the labels selectable by tools and the annotations for
 * people.
 */

import {
  AI_PLATFORM_ANNOTATIONS,
  AI_PLATFORM_LABELS,
} from '@ai-platform/plugin-ai-platform-common';

/** The field manager of every server-side apply of this plugin. */
export const FIELD_MANAGER = 'ai-platform-gpu-provisioning';

/** Value of `app.kubernetes.io/managed-by` on every object of a grant. */
export const MANAGED_BY = 'ai-platform-portal';

/** Label keys. Values are always label-safe (see `toLabelValue`). */
export const GRANT_LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  ...AI_PLATFORM_LABELS,
} as const;

/** Annotation keys, for the human-readable values labels cannot hold. */
export const GRANT_ANNOTATIONS = {
  requestedBy: AI_PLATFORM_ANNOTATIONS.requestedBy,
  team: AI_PLATFORM_ANNOTATIONS.teamRef,
  entityRef: AI_PLATFORM_ANNOTATIONS.entityRef,
  expiresAt: AI_PLATFORM_ANNOTATIONS.expiresAt,
  purpose: AI_PLATFORM_ANNOTATIONS.purpose,
  costCenter: AI_PLATFORM_ANNOTATIONS.costCenter,
  gpus: AI_PLATFORM_ANNOTATIONS.gpus,
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
