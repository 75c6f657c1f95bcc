import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { refKey } from './entityRefs';

/** The groups a user is a member of, from the catalog. */
export type GroupLookup = (userEntityRef: string) => Promise<string[]>;

/**
 * The groups a signed-in user belongs to: the group refs among the
 * ownership claims of their token, then their `memberOf` groups in the
 * catalog (sign-in resolvers do not always claim memberships; guest sign-in
 * does not). Duplicates are dropped case-insensitively, keeping the first
 * spelling.
 */
export async function userGroups(
  user: PolicyQueryUser,
  groupsOf: GroupLookup,
): Promise<string[]> {
  const claimed = user.info.ownershipEntityRefs.filter(r =>
    refKey(r).startsWith('group:'),
  );
  const fromCatalog = await groupsOf(user.info.userEntityRef);
  const byKey = new Map<string, string>();
  for (const ref of [...claimed, ...fromCatalog]) {
    const key = refKey(ref);
    if (!byKey.has(key)) byKey.set(key, ref);
  }
  return [...byKey.values()];
}
