import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';
import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CostGroup } from '@ai-platform/plugin-cost-common';

/** The Group hierarchy and entity owners, as cost roll-ups need them. */
export interface GroupHierarchy {
  /** Every group by ref. */
  groups(): Promise<Map<string, CostGroup>>;
  /** The group and all groups below it. */
  descendants(groupRef: string): Promise<string[]>;
  /** The groups above a group, nearest first. */
  ancestors(groupRef: string): Promise<string[]>;
  /** Owner refs by entity ref, for every non-group entity with an owner. */
  owners(): Promise<Map<string, string>>;
}

interface Snapshot {
  at: number;
  groups: Map<string, CostGroup>;
  owners: Map<string, string>;
}

/** An entity ref's comparison key (case-insensitive); a malformed one lower-cased. */
const lower = (ref: string) => {
  try {
    return entityRefKey(ref);
  } catch {
    return ref.toLocaleLowerCase('en-US');
  }
};

/**
 * Reads groups (`childOf` relations, from `spec.parent`/`spec.children`) and
 * owners (`ownedBy`) from the catalog with the plugin's own credentials,
 * cached for a short time.
 */
export class CatalogGroupHierarchy implements GroupHierarchy {
  private snapshot?: Promise<Snapshot>;

  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
    ttlMs?: number;
  }): CatalogGroupHierarchy {
    return new CatalogGroupHierarchy(
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

  private load(): Promise<Snapshot> {
    const current = this.snapshot;
    if (current) {
      return current.then(s =>
        Date.now() - s.at < this.ttlMs ? s : this.refresh(),
      );
    }
    return this.refresh();
  }

  private refresh(): Promise<Snapshot> {
    const next = (async () => {
      const credentials = await this.auth.getOwnServiceCredentials();
      const { items: groupEntities } = await this.catalog.getEntities(
        {
          filter: { kind: 'Group' },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
            'spec.type',
            'spec.profile.displayName',
            'relations',
          ],
        },
        { credentials },
      );
      const groups = new Map<string, CostGroup>();
      for (const entity of groupEntities) {
        const ref = lower(stringifyEntityRef(entity));
        const parent = entity.relations?.find(
          r => r.type === RELATION_CHILD_OF,
        );
        groups.set(ref, {
          ref,
          title: titleOf(entity),
          type: String((entity.spec as { type?: unknown })?.type ?? 'team'),
          parentRef: parent ? lower(parent.targetRef) : null,
          childRefs: [],
        });
      }
      for (const group of groups.values()) {
        if (group.parentRef)
          groups.get(group.parentRef)?.childRefs.push(group.ref);
      }
      for (const group of groups.values()) group.childRefs.sort();

      const { items: owned } = await this.catalog.getEntities(
        {
          filter: {
            kind: ['Component', 'Resource', 'System', 'API', 'Domain'],
          },
          fields: ['kind', 'metadata.name', 'metadata.namespace', 'relations'],
        },
        { credentials },
      );
      const owners = new Map<string, string>();
      for (const entity of owned) {
        const owner = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
        if (owner)
          owners.set(lower(stringifyEntityRef(entity)), lower(owner.targetRef));
      }
      return { at: Date.now(), groups, owners };
    })();
    // A failed load is not kept, so the next call retries.
    next.catch(() => {
      if (this.snapshot === next) this.snapshot = undefined;
    });
    this.snapshot = next;
    return next;
  }

  async groups(): Promise<Map<string, CostGroup>> {
    return (await this.load()).groups;
  }

  async descendants(groupRef: string): Promise<string[]> {
    const groups = await this.groups();
    const result: string[] = [];
    const seen = new Set<string>();
    const queue = [lower(groupRef)];
    while (queue.length) {
      const ref = queue.shift()!;
      if (seen.has(ref)) continue;
      seen.add(ref);
      result.push(ref);
      queue.push(...(groups.get(ref)?.childRefs ?? []));
    }
    return result;
  }

  async ancestors(groupRef: string): Promise<string[]> {
    const groups = await this.groups();
    const result: string[] = [];
    let current = groups.get(lower(groupRef))?.parentRef ?? null;
    while (current && !result.includes(current)) {
      result.push(current);
      current = groups.get(current)?.parentRef ?? null;
    }
    return result;
  }

  async owners(): Promise<Map<string, string>> {
    return (await this.load()).owners;
  }
}

function titleOf(entity: Entity): string {
  const displayName = (entity.spec as { profile?: { displayName?: unknown } })
    ?.profile?.displayName;
  return (
    entity.metadata.title ??
    (typeof displayName === 'string' ? displayName : undefined) ??
    entity.metadata.name
  );
}
