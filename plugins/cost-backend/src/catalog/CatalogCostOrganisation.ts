import {
  CatalogGroupTree,
  entityRefKey,
  ownersOf,
} from '@ai-platform/plugin-ai-platform-node';
import { AuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CostGroup } from '@ai-platform/plugin-cost-common';
import { CostOrganisation } from './CostOrganisation';

/** What the tree does not carry: how groups are shown, and who owns what. */
interface Directory {
  at: number;
  profiles: Map<string, { title: string; type: string }>;
  owners: Map<string, string>;
}

/**
 * The organisation from the shared {@link CatalogGroupTree} (relations and
 * `spec.parent`, case-insensitive, cached), plus the group titles and types
 * and the entity owners cost needs, read with the plugin's own credentials
 * and cached for as long as the tree.
 */
export class CatalogCostOrganisation implements CostOrganisation {
  private directory?: Promise<Directory>;
  /** The groups built from one read of the tree and of the directory. */
  private built?: {
    parents: Map<string, string[]>;
    profiles: Directory['profiles'];
    groups: ReadonlyMap<string, CostGroup>;
  };

  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
    /** How long a read of the catalog is reused. Default 60 s. */
    ttlMs?: number;
    /** The suite's Group tree; a tree of its own by default. */
    groupTree?: CatalogGroupTree;
  }): CatalogCostOrganisation {
    const ttlMs = options.ttlMs ?? 60_000;
    return new CatalogCostOrganisation(
      options.groupTree ?? CatalogGroupTree.create({ ...options, ttlMs }),
      options.catalog,
      options.auth,
      ttlMs,
    );
  }

  private constructor(
    private readonly tree: CatalogGroupTree,
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly ttlMs: number,
  ) {}

  async groups(): Promise<ReadonlyMap<string, CostGroup>> {
    const [parents, { profiles }] = await Promise.all([
      this.tree.parents(),
      this.load(),
    ]);
    // Built once per read of the catalog, not per query.
    const built = this.built;
    if (built?.parents === parents && built.profiles === profiles) {
      return built.groups;
    }
    const groups = buildGroups(parents, profiles);
    this.built = { parents, profiles, groups };
    return groups;
  }

  async descendants(groupRef: string): Promise<string[]> {
    // In ref order, so an answer does not depend on the catalog's order.
    const [self, ...below] = await this.tree.descendants(groupRef);
    return [self, ...below.sort()];
  }

  ancestors(groupRef: string): Promise<string[]> {
    return this.tree.ancestors(groupRef);
  }

  async owners(): Promise<Map<string, string>> {
    return (await this.load()).owners;
  }

  private async load(): Promise<Directory> {
    const current = this.directory;
    if (current) {
      const directory = await current.catch(() => undefined);
      if (directory && Date.now() - directory.at < this.ttlMs) {
        return directory;
      }
    }
    const next = this.read();
    // A failed read is not kept, so the next call retries.
    next.catch(() => {
      if (this.directory === next) this.directory = undefined;
    });
    this.directory = next;
    return next;
  }

  private async read(): Promise<Directory> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const [{ items: groupEntities }, { items: owned }] = await Promise.all([
      this.catalog.getEntities(
        {
          filter: { kind: 'Group' },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
            'spec.type',
            'spec.profile.displayName',
          ],
        },
        { credentials },
      ),
      this.catalog.getEntities(
        {
          filter: {
            kind: ['Component', 'Resource', 'System', 'API', 'Domain'],
          },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'spec.owner',
            'relations',
          ],
        },
        { credentials },
      ),
    ]);
    const profiles = new Map<string, { title: string; type: string }>();
    for (const entity of groupEntities) {
      profiles.set(entityRefKey(stringifyEntityRef(entity)), {
        title: titleOf(entity),
        type: String((entity.spec as { type?: unknown })?.type ?? 'team'),
      });
    }
    const owners = new Map<string, string>();
    for (const entity of owned) {
      const [owner] = ownersOf(entity);
      if (owner) owners.set(entityRefKey(stringifyEntityRef(entity)), owner);
    }
    return { at: Date.now(), profiles, owners };
  }
}

function buildGroups(
  parents: Map<string, string[]>,
  profiles: Directory['profiles'],
): Map<string, CostGroup> {
  const groups = new Map<string, CostGroup>();
  for (const [ref, ofGroup] of parents) {
    const profile = profiles.get(ref);
    groups.set(ref, {
      ref,
      title: profile?.title ?? ref.slice(ref.indexOf('/') + 1),
      type: profile?.type ?? 'team',
      parentRef: ofGroup[0] ?? null,
      childRefs: [],
    });
  }
  for (const [ref, ofGroup] of parents) {
    for (const parent of ofGroup) groups.get(parent)?.childRefs.push(ref);
  }
  for (const group of groups.values()) group.childRefs.sort();
  return groups;
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
