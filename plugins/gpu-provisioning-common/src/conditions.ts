import {
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import { GPU_REQUEST_RESOURCE_TYPE } from './permissions';

/**
 * Names and parameters of the permission rules the backend implements for
 * GPU requests, so a policy can build conditions without importing backend code.
 *
 * @public
 */
export const GPU_REQUEST_RULES = {
  /** The request was made by one of these user refs. */
  IS_REQUESTER: 'IS_REQUESTER',
  /** The request's team is one of these group refs. */
  IS_TEAM: 'IS_TEAM',
} as const;

/** A permission condition on GPU requests. @public */
export type GpuRequestCondition = PermissionCondition<
  typeof GPU_REQUEST_RESOURCE_TYPE
>;

/** Condition builders for GPU request rules. @public */
export const gpuRequestConditions = {
  isRequester(params: { userRefs: string[] }): GpuRequestCondition {
    return {
      resourceType: GPU_REQUEST_RESOURCE_TYPE,
      rule: GPU_REQUEST_RULES.IS_REQUESTER,
      params,
    };
  },
  isTeam(params: { teamRefs: string[] }): GpuRequestCondition {
    return {
      resourceType: GPU_REQUEST_RESOURCE_TYPE,
      rule: GPU_REQUEST_RULES.IS_TEAM,
      params,
    };
  },
};

/**
 * The usual read and update condition: the user made the request, or it is
 * for a team the user belongs to.
 *
 * @public
 */
export function requesterOrTeamCondition(user: {
  userEntityRef: string;
  ownershipEntityRefs: string[];
}): PermissionCriteria<GpuRequestCondition> {
  return {
    anyOf: [
      gpuRequestConditions.isRequester({ userRefs: [user.userEntityRef] }),
      gpuRequestConditions.isTeam({
        teamRefs: user.ownershipEntityRefs.filter(ref =>
          ref.toLocaleLowerCase('en-US').startsWith('group:'),
        ),
      }),
    ],
  };
}
