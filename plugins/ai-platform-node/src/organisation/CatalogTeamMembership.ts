import {
  BackstageCredentials,
  BackstageUserPrincipal,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { RELATION_MEMBER_OF } from '@backstage/catalog-model';
import { entityRefKeys } from '../catalog/entityRefKeys';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { memoizeFor } from '../caching/memoizeFor';

/**
 * Which teams a user is in: the suite's one rule.
 *
 * @public
 */
export interface TeamMembership {
  /** The user's groups as comparison keys (`entityRefKey`). */
  teamsOf(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<string[]>;
}

/**
 * The groups a user belongs to: the `memberOf` relations of their User
 * entity in the catalog, and the groups among their ownership claims (what
 * the sign-in resolver put in the token), as comparison keys.
 *
 * The catalog's answer is kept per user for `ttlMs` (the organisation's
 * `aiPlatform.organisation.cacheSeconds`, like the Group tree), and callers
 * asking at the same time share one read: a burst of requests from one user
 * costs one catalog call. The token's claims are read on every call.
 *
 * @public
 */
export class CatalogTeamMembership implements TeamMembership {
  private readonly memberOf: (
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ) => Promise<string[]>;

  /** Membership read from the catalog with the user's own credentials. */
  static create(options: {
    catalog: CatalogService;
    userInfo: UserInfoService;
    /** How long a user's catalog membership is reused. Default 60 s. */
    ttlMs?: number;
  }): CatalogTeamMembership {
    return new CatalogTeamMembership(
      options.catalog,
      options.userInfo,
      options.ttlMs ?? 60_000,
    );
  }

  private constructor(
    catalog: CatalogService,
    private readonly userInfo: UserInfoService,
    ttlMs: number,
  ) {
    this.memberOf = memoizeFor(
      async credentials => {
        const entity = await catalog.getEntityByRef(
          credentials.principal.userEntityRef,
          { credentials },
        );
        return (entity?.relations ?? [])
          .filter(relation => relation.type === RELATION_MEMBER_OF)
          .map(relation => relation.targetRef);
      },
      { keyOf: credentials => credentials.principal.userEntityRef, ttlMs },
    );
  }

  /** {@inheritDoc TeamMembership.teamsOf} */
  async teamsOf(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<string[]> {
    const [memberOf, info] = await Promise.all([
      this.memberOf(credentials),
      this.userInfo.getUserInfo(credentials),
    ]);
    const claimed = info.ownershipEntityRefs.filter(ref =>
      ref.startsWith('group:'),
    );
    return entityRefKeys([...memberOf, ...claimed], {
      defaultKind: 'group',
    });
  }
}
