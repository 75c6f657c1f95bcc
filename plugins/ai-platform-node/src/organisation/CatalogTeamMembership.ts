import {
  BackstageCredentials,
  BackstageUserPrincipal,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { RELATION_MEMBER_OF } from '@backstage/catalog-model';
import { entityRefKeys } from '../catalog/entityRefKeys';
import { CatalogService } from '@backstage/plugin-catalog-node';

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
 * @public
 */
export class CatalogTeamMembership implements TeamMembership {
  /** Membership read from the catalog with the user's own credentials. */
  static create(options: {
    catalog: CatalogService;
    userInfo: UserInfoService;
  }): CatalogTeamMembership {
    return new CatalogTeamMembership(options.catalog, options.userInfo);
  }

  private constructor(
    private readonly catalog: CatalogService,
    private readonly userInfo: UserInfoService,
  ) {}

  /** {@inheritDoc TeamMembership.teamsOf} */
  async teamsOf(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<string[]> {
    const userRef = credentials.principal.userEntityRef;
    const [entity, info] = await Promise.all([
      this.catalog.getEntityByRef(userRef, { credentials }),
      this.userInfo.getUserInfo(credentials),
    ]);
    const memberOf = (entity?.relations ?? [])
      .filter(relation => relation.type === RELATION_MEMBER_OF)
      .map(relation => relation.targetRef);
    const claimed = info.ownershipEntityRefs.filter(ref =>
      ref.startsWith('group:'),
    );
    return entityRefKeys([...memberOf, ...claimed], {
      defaultKind: 'group',
    });
  }
}
