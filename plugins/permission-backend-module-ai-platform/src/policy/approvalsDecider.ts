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
  approvalCreatePermission,
  approvalDecidePermission,
  approvalsPermissions,
} from '@ai-platform/plugin-approvals-common';
import { PermissionDecider } from './types';

const OWNED = new Set(approvalsPermissions.map(p => p.name));

/** The approvals permissions a signed-in user holds; any other is denied. */
const SIGNED_IN = new Set([
  approvalCreatePermission.name,
  approvalDecidePermission.name,
]);

/**
 * Approvals' rules: every signed-in user may ask a group for an approval
 * and may try to decide one. Who decides a given approval is its own data
 * (its approver group), so the approvals backend allows only the direct
 * members of that group, never the requester and never a service. Anonymous
 * callers, and any approvals permission not listed here, are denied.
 */
export function approvalsDecider(): PermissionDecider {
  return {
    name: 'approvals',
    owns: (permission: Permission) => OWNED.has(permission.name),
    async decide(
      request: PolicyQuery,
      user?: PolicyQueryUser,
    ): Promise<PolicyDecision> {
      return {
        result:
          user && SIGNED_IN.has(request.permission.name)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      };
    },
  };
}
