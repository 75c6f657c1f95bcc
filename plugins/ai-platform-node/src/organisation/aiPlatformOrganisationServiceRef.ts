import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { CatalogGroupTree } from '../catalog/CatalogGroupTree';
import { CatalogTeamMembership, TeamMembership } from './CatalogTeamMembership';

/**
 * The organisation as every suite backend sees it: the Group tree (parents,
 * ancestors, descendants; relations and `spec.parent`, case-insensitive,
 * cached) and which teams a user is in. One rule for all families, so a
 * manager's roll-up and a user's teams are the same on every tab.
 *
 * @public
 */
export interface AiPlatformOrganisation {
  /** The Group tree. */
  groupTree: CatalogGroupTree;
  /** Which teams a user is in. */
  membership: TeamMembership;
}

/**
 * The suite's {@link AiPlatformOrganisation}, plugin-scoped because it reads
 * the catalog with each plugin's own credentials.
 *
 * @public
 */
export const aiPlatformOrganisationServiceRef =
  createServiceRef<AiPlatformOrganisation>({
    id: 'ai-platform.organisation',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          auth: coreServices.auth,
          userInfo: coreServices.userInfo,
          catalog: catalogServiceRef,
        },
        factory({ config, auth, userInfo, catalog }) {
          const cacheSeconds =
            config.getOptionalNumber('aiPlatform.organisation.cacheSeconds') ??
            60;
          if (!(cacheSeconds >= 0)) {
            throw new InputError(
              'aiPlatform.organisation.cacheSeconds must be a number of seconds, 0 or more',
            );
          }
          return {
            groupTree: CatalogGroupTree.create({
              catalog,
              auth,
              ttlMs: cacheSeconds * 1000,
            }),
            membership: CatalogTeamMembership.create({
              catalog,
              userInfo,
              ttlMs: cacheSeconds * 1000,
            }),
          };
        },
      }),
  });
