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
  gpuCapacityReadPermission,
  gpuRequestApprovePermission,
  gpuRequestCreatePermission,
  gpuRequestReadPermission,
  gpuRequestUpdatePermission,
  GPU_REQUEST_RESOURCE_TYPE,
  requesterOrTeamCondition,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { PermissionDecider } from './types';

/** The groups a user belongs to, from the catalog. */
export type GroupLookup = (userEntityRef: string) => Promise<string[]>;

const OWNED = new Set(
  [
    gpuCapacityReadPermission,
    gpuRequestCreatePermission,
    gpuRequestReadPermission,
    gpuRequestUpdatePermission,
    gpuRequestApprovePermission,
  ].map(p => p.name),
);

/**
 * GPU provisioning's rules: everyone signed in reads capacity and may ask for
 * GPUs (the backend checks membership of the team asked for); requests are
 * read and changed by their requester and their team; approvers (members of
 * `gpuProvisioning.approvers` groups) approve and see every request.
 */
export function gpuProvisioningDecider(options: {
  approvers: string[];
  groupsOf: GroupLookup;
}): PermissionDecider {
  const approvers = new Set(options.approvers);
  const groupsOf = async (user?: PolicyQueryUser): Promise<string[]> => {
    if (!user) return [];
    const claimed = user.info.ownershipEntityRefs.filter(r =>
      r.startsWith('group:'),
    );
    const fromCatalog = await options.groupsOf(user.info.userEntityRef);
    return [...new Set([...claimed, ...fromCatalog])];
  };
  return {
    name: 'gpu-provisioning',
    owns: (permission: Permission) => OWNED.has(permission.name),
    async decide(
      request: PolicyQuery,
      user?: PolicyQueryUser,
    ): Promise<PolicyDecision> {
      const { permission } = request;
      if (!user) return { result: AuthorizeResult.DENY };
      if (permission.name === gpuCapacityReadPermission.name)
        return { result: AuthorizeResult.ALLOW };
      if (permission.name === gpuRequestCreatePermission.name)
        return { result: AuthorizeResult.ALLOW };
      const groups = await groupsOf(user);
      const isApprover = groups.some(g => approvers.has(g));
      if (permission.name === gpuRequestApprovePermission.name) {
        return {
          result: isApprover ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        };
      }
      if (isApprover) return { result: AuthorizeResult.ALLOW };
      // Evaluated by the gpu-provisioning backend's IS_REQUESTER and IS_TEAM rules.
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'gpu-provisioning',
        resourceType: GPU_REQUEST_RESOURCE_TYPE,
        conditions: requesterOrTeamCondition({
          userEntityRef: user.info.userEntityRef,
          ownershipEntityRefs: groups,
        }),
      };
    },
  };
}
