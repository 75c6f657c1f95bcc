import {
  AuthorizeResult,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  gpuApproverPermission,
  gpuCapacityReadPermission,
  gpuProvisioningPermissions,
  gpuRequestApprovePermission,
  gpuRequestConditions,
  gpuRequestCreatePermission,
  GPU_REQUEST_RESOURCE_TYPE,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { EntityRefSet } from './EntityRefSet';
import { refVariants } from './entityRefs';
import { PermissionDecider } from './types';
import { GroupLookup, userGroups } from './userGroups';

const OWNED = new Set(gpuProvisioningPermissions.map(p => p.name));

/**
 * GPU provisioning's rules: everyone signed in reads capacity and may ask for
 * GPUs (the backend checks membership of the team asked for); requests are
 * read and changed by their requester and their team; approvers (members of
 * `gpuProvisioning.approvers` groups, or users listed there) approve and see
 * every request, and are told they are approvers (`gpu.approver`, which the
 * frontends ask before showing approval tools).
 */
export function gpuProvisioningDecider(options: {
  approvers: EntityRefSet;
  groupsOf: GroupLookup;
}): PermissionDecider {
  const { approvers } = options;
  return {
    name: 'gpu-provisioning',
    owns: (permission: Permission) => OWNED.has(permission.name),
    async decide(
      request: PolicyQuery,
      user?: PolicyQueryUser,
    ): Promise<PolicyDecision> {
      const { permission } = request;
      if (!user) return { result: AuthorizeResult.DENY };
      if (
        permission.name === gpuCapacityReadPermission.name ||
        permission.name === gpuRequestCreatePermission.name
      ) {
        return { result: AuthorizeResult.ALLOW };
      }
      const { userEntityRef } = user.info;
      const groups = await userGroups(user, options.groupsOf);
      const isApprover = approvers.includesUserOrGroup(userEntityRef, groups);
      if (
        permission.name === gpuRequestApprovePermission.name ||
        permission.name === gpuApproverPermission.name
      ) {
        return {
          result: isApprover ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        };
      }
      if (isApprover) return { result: AuthorizeResult.ALLOW };
      // Read and update: evaluated by the gpu-provisioning backend's
      // IS_REQUESTER and IS_TEAM rules, which compare refs exactly.
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'gpu-provisioning',
        resourceType: GPU_REQUEST_RESOURCE_TYPE,
        conditions: {
          anyOf: [
            gpuRequestConditions.isRequester({
              userRefs: refVariants([userEntityRef]),
            }),
            gpuRequestConditions.isTeam({ teamRefs: refVariants(groups) }),
          ],
        },
      };
    },
  };
}
