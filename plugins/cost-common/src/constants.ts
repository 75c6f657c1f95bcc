/**
 * Annotation and FOCUS tag key constants of the cost plugin family.
 */

import {
  AI_PLATFORM_ANNOTATIONS,
  AI_PLATFORM_COST_TAGS,
} from '@ai-platform/plugin-ai-platform-common';

/**
 * Annotation naming an entity's or group's cost centre, shared across the suite.
 *
 * @public
 */
export const COST_CENTER_ANNOTATION = AI_PLATFORM_ANNOTATIONS.costCenter;

/**
 * Default FOCUS `Tags` key that carries a catalog entity ref
 * (for example `component:default/assistant-api`).
 *
 * @public
 */
export const DEFAULT_ENTITY_TAG_KEY = 'backstage.io/entity-ref';

/**
 * Default FOCUS `Tags` key that carries the owning team (a group ref or a
 * bare group name).
 *
 * @public
 */
export const DEFAULT_TEAM_TAG_KEY = AI_PLATFORM_COST_TAGS.team;

/**
 * Default FOCUS `Tags` key that carries the cost centre.
 *
 * @public
 */
export const DEFAULT_COST_CENTER_TAG_KEY = AI_PLATFORM_COST_TAGS.costCenter;

/**
 * Default FOCUS `Tags` key that carries the GPU class of cloud GPU cost.
 *
 * @public
 */
export const DEFAULT_GPU_CLASS_TAG_KEY = AI_PLATFORM_COST_TAGS.gpuClass;

/**
 * Provider name used for Kubernetes GPU cost computed from the rate card.
 *
 * @public
 */
export const KUBERNETES_PROVIDER = 'Kubernetes';

/**
 * Service name used for Kubernetes GPU cost computed from the rate card.
 *
 * @public
 */
export const KUBERNETES_GPU_SERVICE = 'Kubernetes GPU';

/**
 * Team key used for cost that could not be allocated to any team.
 *
 * @public
 */
export const UNALLOCATED = 'unallocated';
