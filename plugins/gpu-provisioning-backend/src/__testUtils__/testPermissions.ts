import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  GPU_REQUEST_RESOURCE_TYPE,
  gpuRequestApprovePermission,
  requesterOrTeamCondition,
} from '@ai-platform/plugin-gpu-provisioning-common';

/**
 * A permissions service deciding like the portal's policy (and like
 * Backstage, allowing everything to service principals): capacity and
 * create are allowed to users; approvers are allowed everything; everyone
 * else reads and updates their own and their teams' requests (CONDITIONAL,
 * evaluated by the plugin's rules) and may not approve.
 */
export function testPermissions(options: {
  memberships: Record<string, string[]>;
  approvers: string[];
  /** Permissions denied outright, by name. */
  deny?: string[];
}) {
  const decide = (name: string, principal: unknown): PolicyDecision => {
    const { type, userEntityRef: user } = principal as {
      type: string;
      userEntityRef?: string;
    };
    // Backstage's permissions service allows everything to service principals.
    if (type === 'service') return { result: AuthorizeResult.ALLOW };
    if (!user || options.deny?.includes(name)) {
      return { result: AuthorizeResult.DENY };
    }
    const groups = options.memberships[user] ?? [];
    const approvers = options.approvers.map(a => a.toLocaleLowerCase('en-US'));
    const isApprover = groups.some(g =>
      approvers.includes(g.toLocaleLowerCase('en-US')),
    );
    if (name.startsWith('gpu.capacity') || name === 'gpu.request.create') {
      return { result: AuthorizeResult.ALLOW };
    }
    if (name === gpuRequestApprovePermission.name) {
      return {
        result: isApprover ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
    }
    if (isApprover) return { result: AuthorizeResult.ALLOW };
    return {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'gpu-provisioning',
      resourceType: GPU_REQUEST_RESOURCE_TYPE,
      conditions: requesterOrTeamCondition({
        userEntityRef: user,
        ownershipEntityRefs: groups,
      }),
    };
  };
  return mockServices.permissions.mock({
    authorize: async (requests, { credentials }) =>
      requests.map(r => {
        const decision = decide(r.permission.name, credentials.principal);
        return {
          result:
            decision.result === AuthorizeResult.ALLOW
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        };
      }),
    authorizeConditional: async (requests, { credentials }) =>
      requests.map(r => decide(r.permission.name, credentials.principal)),
  });
}
