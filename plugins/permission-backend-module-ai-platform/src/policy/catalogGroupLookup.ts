import { memoizeFor } from '@ai-platform/plugin-ai-platform-node';
import { AuthService } from '@backstage/backend-plugin-api';
import { RELATION_MEMBER_OF } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { GroupLookup } from './userGroups';

/**
 * The groups a user is a member of, from the `memberOf` relations of their
 * User entity, cached briefly: sign-in resolvers do not always put group
 * memberships into the user's ownership claims (guest sign-in does not).
 * Checks asking at the same time share one read; a failed one is not kept.
 */
export function catalogGroupLookup(options: {
  catalog: CatalogService;
  auth: AuthService;
  ttlMs?: number;
}): GroupLookup {
  return memoizeFor(
    async (userEntityRef: string) => {
      const entity = await options.catalog.getEntityByRef(userEntityRef, {
        credentials: await options.auth.getOwnServiceCredentials(),
      });
      return (entity?.relations ?? [])
        .filter(r => r.type === RELATION_MEMBER_OF)
        .map(r => r.targetRef);
    },
    { keyOf: userEntityRef => userEntityRef, ttlMs: options.ttlMs ?? 30_000 },
  );
}
