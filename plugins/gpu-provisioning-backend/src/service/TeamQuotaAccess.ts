import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CatalogGroupTree,
  TeamMembership,
} from '@ai-platform/plugin-ai-platform-node';
import { NotAllowedError } from '@backstage/errors';
import { RequestPermissions } from './RequestPermissions';

/**
 * Who may read a team's quota (and what it would take to start there): its
 * members, members of the teams above it, and holders of the approve
 * permission (approvers, and other backends).
 */
export async function assertMayReadTeamQuota(
  options: {
    permissions: RequestPermissions;
    membership: TeamMembership;
    groupTree: CatalogGroupTree;
  },
  credentials: BackstageCredentials,
  team: string,
): Promise<void> {
  const { permissions, membership, groupTree } = options;
  if (permissions.isUser(credentials)) {
    const [mine, above] = await Promise.all([
      membership.teamsOf(credentials),
      groupTree.ancestors(team),
    ]);
    if (mine.some(t => t === team || above.includes(t))) return;
  }
  if (await permissions.mayApproveAny(credentials)) return;
  throw new NotAllowedError(
    `You may not read the quota of ${team}: only its members, members of the teams above it and approvers may`,
  );
}
