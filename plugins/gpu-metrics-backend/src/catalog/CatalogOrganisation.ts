import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_CHILD_OF,
  RELATION_OWNED_BY,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';
import { GpuUsageSubject } from '../permissions/gpuUsageSubjectResourceRef';

/** The Group tree and entity owners, as permission checks and roll-ups need them. */
export interface Organisation {
  /** The group and every group below it (refs in lower case). */
  descendants(groupRef: string): Promise<string[]>;
  /** The permission framework's view of entity and group refs. */
  subjects(refs: string[]): Promise<Array<GpuUsageSubject | undefined>>;
}

/** The parent of a group: its `childOf` relation, else `spec.parent`. */
export function parentOf(group: Entity): string | undefined {
  const relation = group.relations?.find(r => r.type === RELATION_CHILD_OF);
  if (relation) return entityRefKey(relation.targetRef);
  const parent = (group.spec as { parent?: unknown } | undefined)?.parent;
  if (typeof parent !== 'string') return undefined;
  try {
    return entityRefKey(parent, {
      defaultKind: 'group',
      defaultNamespace: group.metadata.namespace ?? 'default',
    });
  } catch {
    return undefined;
  }
}

/** The owner of an entity: its `ownedBy` relation, else `spec.owner`. */
export function ownerOf(entity: Entity): string | undefined {
  const relation = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  if (relation) return entityRefKey(relation.targetRef);
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string') return undefined;
  try {
    return entityRefKey(owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    });
  } catch {
    return undefined;
  }
}

/**
 * Reads the Group tree (`childOf` relations, `spec.parent`) and owners from
 * the catalog with the plugin's own credentials: a permission decision must
 * not depend on what the caller may read. The tree is cached for a short
 * time; refs are compared in lower case ({@link entityRefKey}).
 */
export class CatalogOrganisation implements Organisation {
  private tree?: Promise<{ at: number; parents: Map<string, string | null> }>;

  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
    ttlMs?: number;
  }): CatalogOrganisation {
    return new CatalogOrganisation(
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

  /** Parent by group ref (null for a root), every group of the catalog. */
  private async parents(): Promise<Map<string, string | null>> {
    const current = this.tree;
    if (current) {
      const tree = await current.catch(() => undefined);
      if (tree && Date.now() - tree.at < this.ttlMs) return tree.parents;
    }
    const next = (async () => {
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
      const parents = new Map<string, string | null>();
      for (const group of items) {
        parents.set(
          entityRefKey(
            `group:${group.metadata.namespace ?? 'default'}/${
              group.metadata.name
            }`,
          ),
          parentOf(group) ?? null,
        );
      }
      return { at: Date.now(), parents };
    })();
    // A failed load is not kept, so the next call retries.
    next.catch(() => {
      if (this.tree === next) this.tree = undefined;
    });
    this.tree = next;
    return (await next).parents;
  }

  async descendants(groupRef: string): Promise<string[]> {
    const parents = await this.parents();
    const children = new Map<string, string[]>();
    for (const [group, parent] of parents) {
      if (parent)
        children.set(parent, [...(children.get(parent) ?? []), group]);
    }
    const root = entityRefKey(groupRef);
    const result: string[] = [];
    const seen = new Set<string>();
    const queue = [root];
    while (queue.length) {
      const ref = queue.shift()!;
      if (seen.has(ref)) continue;
      seen.add(ref);
      result.push(ref);
      queue.push(...(children.get(ref) ?? []));
    }
    return result;
  }

  private ancestors(
    parents: Map<string, string | null>,
    groupRef: string,
  ): string[] {
    const result: string[] = [];
    let current = parents.get(groupRef) ?? null;
    while (current && current !== groupRef && !result.includes(current)) {
      result.push(current);
      current = parents.get(current) ?? null;
    }
    return result;
  }

  async subjects(refs: string[]): Promise<Array<GpuUsageSubject | undefined>> {
    const parents = await this.parents();
    const credentials = await this.auth.getOwnServiceCredentials();
    return Promise.all(
      refs.map(async raw => {
        let ref: string;
        try {
          ref = entityRefKey(raw);
        } catch {
          return undefined;
        }
        if (parseEntityRef(ref).kind === 'group') {
          return parents.has(ref)
            ? { ref, team: ref, ancestors: this.ancestors(parents, ref) }
            : { ref, team: null, ancestors: [] };
        }
        const entity = await this.catalog.getEntityByRef(ref, { credentials });
        const team = entity ? ownerOf(entity) ?? null : null;
        return {
          ref,
          team,
          ancestors: team ? this.ancestors(parents, team) : [],
        };
      }),
    );
  }
}
