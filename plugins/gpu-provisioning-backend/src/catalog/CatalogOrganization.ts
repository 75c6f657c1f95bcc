import { AuthService } from '@backstage/backend-plugin-api';
import {
  DEFAULT_NAMESPACE,
  Entity,
  RELATION_CHILD_OF,
  RELATION_OWNED_BY,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { refKeys } from './refKeys';

/** How many groups one walk up the tree reads at most (a guard against huge or cyclic trees). */
const MAX_GROUPS_PER_WALK = 200;

/**
 * The organisation as the catalog records it: who owns an entity, and which
 * groups sit above a group (`childOf`, transitively). Refs are returned as
 * comparison keys (`entityRefKey`: lower case, kind and namespace filled in).
 */
export class CatalogOrganization {
  private readonly catalog: CatalogService;
  private readonly auth: AuthService;

  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
  }): CatalogOrganization {
    return new CatalogOrganization(options);
  }

  private constructor(options: { catalog: CatalogService; auth: AuthService }) {
    this.catalog = options.catalog;
    this.auth = options.auth;
  }

  /**
   * The owners of an entity: its `ownedBy` relations and its `spec.owner`
   * (a bare name is a Group in the entity's namespace, as the catalog reads it).
   */
  ownersOf(entity: Entity): string[] {
    const fromRelations = (entity.relations ?? [])
      .filter(relation => relation.type === RELATION_OWNED_BY)
      .map(relation => relation.targetRef);
    const owner = entity.spec?.owner;
    const fromSpec = typeof owner === 'string' && owner ? [owner] : [];
    return refKeys([...fromRelations, ...fromSpec], {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
    });
  }

  /**
   * The group and every group above it, walking `childOf` relations (and
   * `spec.parent`) up the tree. Groups are read with the plugin's own
   * credentials: the tree decides what a user may do, so it must not depend
   * on what the user may see.
   */
  async groupAndAncestors(groupRef: string): Promise<Set<string>> {
    const [start] = refKeys([groupRef], { defaultKind: 'group' });
    const seen = new Set<string>(start ? [start] : []);
    const queue = [...seen];
    const credentials = await this.auth.getOwnServiceCredentials();
    let read = 0;
    while (queue.length && read < MAX_GROUPS_PER_WALK) {
      const ref = queue.shift()!;
      read += 1;
      const group = await this.catalog.getEntityByRef(ref, { credentials });
      if (!group) continue;
      const parentsFromRelations = (group.relations ?? [])
        .filter(relation => relation.type === RELATION_CHILD_OF)
        .map(relation => relation.targetRef);
      const parent = group.spec?.parent;
      const parentFromSpec =
        typeof parent === 'string' && parent ? [parent] : [];
      for (const key of refKeys([...parentsFromRelations, ...parentFromSpec], {
        defaultKind: 'group',
        defaultNamespace: group.metadata.namespace ?? DEFAULT_NAMESPACE,
      })) {
        if (!seen.has(key)) {
          seen.add(key);
          queue.push(key);
        }
      }
    }
    return seen;
  }
}
