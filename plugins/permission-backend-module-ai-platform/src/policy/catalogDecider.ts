import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogEntityValidatePermission,
  catalogIngestionManagePermission,
  catalogIngestionReadPermission,
  catalogLocationAnalyzePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { refVariants } from './entityRefs';
import {
  catalogAdminsOnly,
  CoreAdmins,
  CoreRule,
  signedInUsers,
  tableDecider,
} from './tableDecider';
import { PermissionDecider } from './types';

/**
 * Deleting an entity: catalog admins delete any; everyone else the entities
 * owned by them or one of their groups (the catalog's `IS_ENTITY_OWNER`).
 */
const entityOwnersOrCatalogAdmins: CoreRule = caller => {
  if (caller.isCatalogAdmin) return { result: AuthorizeResult.ALLOW };
  return createCatalogConditionalDecision(
    catalogEntityDeletePermission,
    catalogConditions.isEntityOwner({
      claims: refVariants([
        caller.userEntityRef,
        ...caller.ownershipEntityRefs,
        ...caller.groupRefs,
      ]),
    }),
  );
};

/**
 * The catalog's permissions.
 *
 * @remarks
 * Everyone signed in reads entities and locations, refreshes and validates
 * entities (`catalog:register-local` refreshes the catalog's file location
 * with the template user's credentials); owners and catalog admins delete
 * entities; registering, analysing and removing locations, the "register
 * existing component" page (`catalog.entity.create`) and ingestion
 * management are for catalog admins. The scaffolder's `catalog:register`
 * runs with the template user's credentials and so needs
 * `catalog.location.create`: templates that publish to a remote repository
 * are registered by a discovery provider instead, or run by catalog admins.
 */
export function catalogDecider(admins: CoreAdmins): PermissionDecider {
  return tableDecider(
    'catalog',
    new Map<string, CoreRule>([
      [catalogEntityReadPermission.name, signedInUsers],
      [catalogEntityRefreshPermission.name, signedInUsers],
      [catalogEntityValidatePermission.name, signedInUsers],
      [catalogLocationReadPermission.name, signedInUsers],
      [catalogEntityDeletePermission.name, entityOwnersOrCatalogAdmins],
      [catalogEntityCreatePermission.name, catalogAdminsOnly],
      [catalogLocationCreatePermission.name, catalogAdminsOnly],
      [catalogLocationAnalyzePermission.name, catalogAdminsOnly],
      [catalogLocationDeletePermission.name, catalogAdminsOnly],
      [catalogIngestionReadPermission.name, catalogAdminsOnly],
      [catalogIngestionManagePermission.name, catalogAdminsOnly],
    ]),
    admins,
  );
}
