import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import { COST_RESOURCE_TYPE } from '@ai-platform/plugin-cost-common';

/**
 * A cost subject as the permission rules see it: the entity or group, the
 * team it belongs to (the group itself, or the entity's owner) and that
 * team's ancestors.
 *
 * @alpha
 */
export interface CostSubject {
  /** The entity's or group's ref. */
  ref: string;
  /** The group itself, or the entity's owner; `null` when it has none. */
  team: string | null;
  /** The team's ancestor groups. */
  ancestors: string[];
}

/** Query form of the cost rules (not used for database filters). @alpha */
export interface CostSubjectQuery {
  /** The rule's name. */
  rule: string;
  /** The rule's group refs. */
  groupRefs: string[];
}

/**
 * Cost subjects as a resource of the permission framework.
 *
 * @alpha
 */
export const costSubjectResourceRef = createPermissionResourceRef<
  CostSubject,
  CostSubjectQuery
>().with({
  pluginId: 'cost',
  resourceType: COST_RESOURCE_TYPE,
});
