import { AuthService } from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CatalogGroupTree,
  entityRefKey,
  ownersOf,
} from '@ai-platform/plugin-ai-platform-node';
import { GpuUsageSubject } from '../permissions/gpuUsageSubjectResourceRef';

/** The Group tree and entity owners, as permission checks and roll-ups need them. */
export interface Organisation {
  /** The group and every group below it (refs in lower case). */
  descendants(groupRef: string): Promise<string[]>;
  /** The permission framework's view of entity and group refs. */
  subjects(refs: string[]): Promise<Array<GpuUsageSubject | undefined>>;
}

/** The owning team of an entity: its first owner ({@link ownersOf}). */
export function ownerOf(entity: Entity): string | undefined {
  return ownersOf(entity)[0];
}

/**
 * The Group tree (the shared {@link CatalogGroupTree}) and entity owners,
 * read with the plugin's own credentials: a permission decision must not
 * depend on what the caller may read. Refs are compared in lower case.
 */
export class CatalogOrganisation implements Organisation {
  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
    ttlMs?: number;
    /** The suite's Group tree; a tree of its own by default. */
    groupTree?: CatalogGroupTree;
  }): CatalogOrganisation {
    return new CatalogOrganisation(
      options.catalog,
      options.auth,
      options.groupTree ?? CatalogGroupTree.create(options),
    );
  }

  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly tree: CatalogGroupTree,
  ) {}

  descendants(groupRef: string): Promise<string[]> {
    return this.tree.descendants(groupRef);
  }

  async subjects(refs: string[]): Promise<Array<GpuUsageSubject | undefined>> {
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
          return (await this.tree.has(ref))
            ? { ref, team: ref, ancestors: await this.tree.ancestors(ref) }
            : { ref, team: null, ancestors: [] };
        }
        const entity = await this.catalog.getEntityByRef(ref, { credentials });
        const team = entity ? ownerOf(entity) ?? null : null;
        return {
          ref,
          team,
          ancestors: team ? await this.tree.ancestors(team) : [],
        };
      }),
    );
  }
}
