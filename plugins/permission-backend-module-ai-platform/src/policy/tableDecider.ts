import {
  AuthorizeResult,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { EntityRefSet } from './EntityRefSet';
import { PermissionDecider } from './types';
import { GroupLookup, userGroups } from './userGroups';

/** A signed-in caller, as the rules of the core permission table see them. */
export interface CoreCaller {
  /** The user's entity ref, as signed in. */
  userEntityRef: string;
  /** The ownership claims of the user's token. */
  ownershipEntityRefs: string[];
  /** The user's groups: claimed in the token and `memberOf` in the catalog. */
  groupRefs: string[];
  /** Whether the user or one of their groups is in `aiPlatform.permissions.catalogAdmins`. */
  isCatalogAdmin: boolean;
}

/** The decision for one permission of the core table, for a signed-in caller who is not a platform admin. */
export type CoreRule = (caller: CoreCaller) => PolicyDecision;

/** Who the core table's admin rules refer to. */
export interface CoreAdmins {
  /** `aiPlatform.permissions.platformAdmins`: allowed every permission of the core table. */
  platformAdmins: EntityRefSet;
  /** `aiPlatform.permissions.catalogAdmins`. */
  catalogAdmins: EntityRefSet;
  /** The user's groups in the catalog. */
  groupsOf: GroupLookup;
}

/** Every signed-in user. */
export const signedInUsers: CoreRule = () => ({
  result: AuthorizeResult.ALLOW,
});

/** Catalog admins (and platform admins, who are allowed before any rule). */
export const catalogAdminsOnly: CoreRule = caller => ({
  result: caller.isCatalogAdmin ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
});

/** Platform admins only, who are allowed before any rule. */
export const platformAdminsOnly: CoreRule = () => ({
  result: AuthorizeResult.DENY,
});

/**
 * A decider for a family of Backstage's core permissions from an explicit
 * table: permission name to rule. It owns exactly the names in the table;
 * anonymous callers are denied, platform admins allowed, everyone else gets
 * the rule's decision.
 */
export function tableDecider(
  name: string,
  rules: ReadonlyMap<string, CoreRule>,
  admins: CoreAdmins,
): PermissionDecider {
  return {
    name,
    owns: (permission: Permission) => rules.has(permission.name),
    async decide(
      request: PolicyQuery,
      user?: PolicyQueryUser,
    ): Promise<PolicyDecision> {
      const rule = rules.get(request.permission.name);
      if (!user || !rule) return { result: AuthorizeResult.DENY };
      const { userEntityRef, ownershipEntityRefs } = user.info;
      const groupRefs = await userGroups(user, admins.groupsOf);
      if (admins.platformAdmins.includesUserOrGroup(userEntityRef, groupRefs)) {
        return { result: AuthorizeResult.ALLOW };
      }
      return rule({
        userEntityRef,
        ownershipEntityRefs,
        groupRefs,
        isCatalogAdmin: admins.catalogAdmins.includesUserOrGroup(
          userEntityRef,
          groupRefs,
        ),
      });
    },
  };
}
