import { PermissionCondition } from '@backstage/plugin-permission-common';
import { COST_RESOURCE_TYPE } from './permissions';

/**
 * Names and parameters of the permission rules the cost backend implements,
 * so a policy can build conditions without importing backend code.
 *
 * @public
 */
export const COST_RULES = {
  /**
   * The subject's owning team, or one of that team's ancestors, is one of
   * the given groups (members and managers see a team's costs).
   */
  IS_TEAM_OR_ANCESTOR: 'IS_TEAM_OR_ANCESTOR',
  /** A strict ancestor of the subject's team is one of the given groups (managers). */
  IS_ANCESTOR: 'IS_ANCESTOR',
} as const;

/** A condition on cost subjects. @public */
export type CostCondition = PermissionCondition<typeof COST_RESOURCE_TYPE>;

/** Condition builders for the cost rules. @public */
export const costConditions = {
  isTeamOrAncestor(params: { groupRefs: string[] }): CostCondition {
    return {
      resourceType: COST_RESOURCE_TYPE,
      rule: COST_RULES.IS_TEAM_OR_ANCESTOR,
      params,
    };
  },
  isAncestor(params: { groupRefs: string[] }): CostCondition {
    return {
      resourceType: COST_RESOURCE_TYPE,
      rule: COST_RULES.IS_ANCESTOR,
      params,
    };
  },
};
