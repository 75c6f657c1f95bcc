import { AuthService } from '@backstage/backend-plugin-api';
import { RELATION_MEMBER_OF } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { GroupLookup } from './userGroups';

/**
 * The groups a user is a member of, from the `memberOf` relations of their
 * User entity, cached briefly: sign-in resolvers do not always put group
 * memberships into the user's ownership claims (guest sign-in does not).
 */
export function catalogGroupLookup(options: {
  catalog: CatalogService;
  auth: AuthService;
  ttlMs?: number;
}): GroupLookup {
  const ttl = options.ttlMs ?? 30_000;
  const cache = new Map<string, { at: number; groups: Promise<string[]> }>();
  return userEntityRef => {
    const hit = cache.get(userEntityRef);
    if (hit && Date.now() - hit.at < ttl) return hit.groups;
    const groups = (async () => {
      const entity = await options.catalog.getEntityByRef(userEntityRef, {
        credentials: await options.auth.getOwnServiceCredentials(),
      });
      return (entity?.relations ?? [])
        .filter(r => r.type === RELATION_MEMBER_OF)
        .map(r => r.targetRef);
    })();
    // A failed lookup is not cached, so the next check retries.
    groups.catch(() => cache.delete(userEntityRef));
    cache.set(userEntityRef, { at: Date.now(), groups });
    return groups;
  };
}
