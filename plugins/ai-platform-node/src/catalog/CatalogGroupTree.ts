import { AuthService } from '@backstage/backend-plugin-api';
import {
  DEFAULT_NAMESPACE,
  Entity,
  RELATION_CHILD_OF,
  RELATION_OWNED_BY,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { entityRefKey } from './entityRefKey';
import { entityRefKeys } from './entityRefKeys';

const GROUP = { defaultKind: 'group' };

/**
 * The parents of a group: its `childOf` relations and `spec.parent` (a bare
 * name is a Group in the group's namespace), as comparison keys.
 *
 * @public
 */
export function parentsOf(group: Entity): string[] {
  const fromRelations = (group.relations ?? [])
    .filter(relation => relation.type === RELATION_CHILD_OF)
    .map(relation => relation.targetRef);
  const parent = group.spec?.parent;
  const fromSpec = typeof parent === 'string' && parent ? [parent] : [];
  return entityRefKeys([...fromRelations, ...fromSpec], {
    defaultKind: 'group',
    defaultNamespace: group.metadata.namespace ?? DEFAULT_NAMESPACE,
  });
}

/**
 * The owners of an entity: its `ownedBy` relations and `spec.owner` (a bare
 * name is a Group in the entity's namespace, as the catalog reads it), as
 * comparison keys.
 *
 * @public
 */
export function ownersOf(entity: Entity): string[] {
  const fromRelations = (entity.relations ?? [])
    .filter(relation => relation.type === RELATION_OWNED_BY)
    .map(relation => relation.targetRef);
  const owner = entity.spec?.owner;
  const fromSpec = typeof owner === 'string' && owner ? [owner] : [];
  return entityRefKeys([...fromRelations, ...fromSpec], {
    defaultKind: 'group',
    defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
  });
}

/**
 * The catalog's Group tree, for permission checks and roll-ups: which groups
 * sit above and below a group. Read with the plugin's own credentials (what
 * a user may do must not depend on what the user may see), all groups in one
 * query, cached briefly; every ref is a comparison key ({@link entityRefKey}).
 *
 * @public
 */
export class CatalogGroupTree {
  private tree?: Promise<TreeRead>;

  /** A tree read from the catalog with the plugin's own credentials. */
  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
    /** How long a read of the tree is reused. Default 60 s. */
    ttlMs?: number;
  }): CatalogGroupTree {
    return new CatalogGroupTree(
      options.catalog,
      options.auth,
      options.ttlMs ?? 60_000,
    );
  }

  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly ttlMs: number,
  ) {}

  /** Every group of the catalog with its parents. */
  async parents(): Promise<Map<string, string[]>> {
    return (await this.read()).parents;
  }

  private async read(): Promise<TreeRead> {
    const current = this.tree;
    if (current) {
      const tree = await current.catch(() => undefined);
      if (tree && Date.now() - tree.at < this.ttlMs) return tree;
    }
    const next = (async (): Promise<TreeRead> => {
      const { items } = await this.catalog.getEntities(
        {
          filter: { kind: 'Group' },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'spec.parent',
            'relations',
          ],
        },
        { credentials: await this.auth.getOwnServiceCredentials() },
      );
      const parents = new Map<string, string[]>();
      for (const group of items) {
        const ref = entityRefKey(
          `group:${group.metadata.namespace ?? DEFAULT_NAMESPACE}/${
            group.metadata.name
          }`,
        );
        parents.set(ref, parentsOf(group));
      }
      return { at: Date.now(), parents };
    })();
    // A failed read is not kept, so the next call retries.
    next.catch(() => {
      if (this.tree === next) this.tree = undefined;
    });
    this.tree = next;
    return next;
  }

  /** Whether the group is in the catalog. */
  async has(groupRef: string): Promise<boolean> {
    return (await this.parents()).has(entityRefKey(groupRef, GROUP));
  }

  /** The groups above a group, nearest first (cycles are cut). */
  async ancestors(groupRef: string): Promise<string[]> {
    const parents = await this.parents();
    return walk(entityRefKey(groupRef, GROUP), ref => parents.get(ref) ?? []);
  }

  /** The group and every group below it. */
  async descendants(groupRef: string): Promise<string[]> {
    const tree = await this.read();
    // Indexed once per read of the tree: roll-ups ask for many subtrees.
    tree.children ??= childrenOf(tree.parents);
    const children = tree.children;
    const root = entityRefKey(groupRef, GROUP);
    return [root, ...walk(root, ref => children.get(ref) ?? [])];
  }
}

/** One read of the catalog's groups, and what is derived from it. */
interface TreeRead {
  at: number;
  parents: Map<string, string[]>;
  children?: Map<string, string[]>;
}

function childrenOf(parents: Map<string, string[]>): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const [group, ofGroup] of parents) {
    for (const parent of ofGroup) {
      const siblings = children.get(parent);
      if (siblings) siblings.push(group);
      else children.set(parent, [group]);
    }
  }
  return children;
}

/** Breadth-first from `start` (not included), each ref once. */
function walk(start: string, next: (ref: string) => string[]): string[] {
  const seen = new Set([start]);
  const result: string[] = [];
  const queue = [start];
  // An index, not shift(): a wide tree would make each step O(queue).
  for (let at = 0; at < queue.length; at++) {
    for (const ref of next(queue[at])) {
      if (!seen.has(ref)) {
        seen.add(ref);
        result.push(ref);
        queue.push(ref);
      }
    }
  }
  return result;
}
