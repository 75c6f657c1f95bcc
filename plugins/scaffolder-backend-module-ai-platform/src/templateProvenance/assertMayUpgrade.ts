import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import {
  AiPlatformOrganisation,
  entityRefKey,
} from '@ai-platform/plugin-ai-platform-node';

/** What {@link assertMayUpgrade} reads of the suite's organisation. */
export interface ProjectOwnership {
  membership: Pick<AiPlatformOrganisation['membership'], 'teamsOf'>;
  groupTree: Pick<AiPlatformOrganisation['groupTree'], 'ancestors'>;
}

function isUser(
  credentials: BackstageCredentials,
): credentials is BackstageCredentials<BackstageUserPrincipal> {
  return (credentials.principal as { type?: string })?.type === 'user';
}

/**
 * An upgrade writes a branch into a project's repository, so only the
 * project's owners may ask for one: the owning user, the members of the
 * owning group, or the members of a group above it (their managers), by the
 * suite's one membership rule. Reading the project in the catalog is not
 * enough, and a service caller may not upgrade anything.
 */
export async function assertMayUpgrade(options: {
  entity: Entity;
  entityRef: string;
  credentials: BackstageCredentials;
  organisation: ProjectOwnership;
}): Promise<void> {
  const { entity, entityRef, credentials, organisation } = options;
  if (!isUser(credentials)) {
    throw new NotAllowedError(
      `Only a user who owns ${entityRef} may upgrade it; service callers may not`,
    );
  }
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) {
    throw new NotAllowedError(
      `${entityRef} has no owner, so nobody may upgrade it; give it a spec.owner`,
    );
  }
  let ownerKey: string;
  try {
    ownerKey = entityRefKey(owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    });
  } catch {
    throw new NotAllowedError(
      `${entityRef}'s spec.owner is not an entity ref, so nobody may upgrade it`,
    );
  }
  if (ownerKey === entityRefKey(credentials.principal.userEntityRef)) return;
  const teams = new Set(await organisation.membership.teamsOf(credentials));
  const above = ownerKey.startsWith('group:')
    ? await organisation.groupTree.ancestors(ownerKey)
    : [];
  if ([ownerKey, ...above].some(group => teams.has(group))) return;
  throw new NotAllowedError(
    `${entityRef} is owned by ${owner}: only its members, or members of the groups above it, may upgrade it`,
  );
}
