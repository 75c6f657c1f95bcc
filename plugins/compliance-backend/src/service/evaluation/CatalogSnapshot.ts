import { createHash } from 'node:crypto';
import { AuthService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { refOf } from '../../facts/entityRefs';
import { GroupInfo } from '../../facts/types';

/** The entities a run evaluates and the groups they may be owned by. */
export interface CatalogContents {
  entities: Entity[];
  /** Every group by comparison key. */
  groups: Map<string, GroupInfo>;
}

/** Changes when the entity's kind, metadata (but its bookkeeping) or spec change. */
export function hashOf(entity: Entity): string {
  const { uid, etag, generation, ...metadata } =
    entity.metadata as Entity['metadata'] & {
      generation?: number;
    };
  void uid;
  void etag;
  void generation;
  return createHash('sha256')
    .update(JSON.stringify({ kind: entity.kind, metadata, spec: entity.spec }))
    .digest('hex');
}

/** The entity's title, or a group's profile display name. */
export function titleOf(entity: Entity): string | undefined {
  const profile = entity.spec?.profile as { displayName?: unknown } | undefined;
  return (
    entity.metadata.title ??
    (typeof profile?.displayName === 'string' ? profile.displayName : undefined)
  );
}

/**
 * Reads what a run needs from the catalog in one query, with the plugin's
 * own credentials: every kind a check applies to, and the groups.
 */
export class CatalogSnapshot {
  static create(options: { catalog: CatalogService; auth: AuthService }) {
    return new CatalogSnapshot(options.catalog, options.auth);
  }

  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  async read(evaluatedKinds: Iterable<string>): Promise<CatalogContents> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const kinds = [...evaluatedKinds, 'group'];
    const { items } = await this.catalog.getEntities(
      { filter: kinds.map(kind => ({ kind })) },
      { credentials },
    );
    const isGroup = (e: Entity) =>
      e.kind.toLocaleLowerCase('en-US') === 'group';
    const groups = new Map<string, GroupInfo>();
    for (const group of items.filter(isGroup)) {
      const ref = refOf(group);
      groups.set(ref, { ref, title: titleOf(group) });
    }
    return { entities: items.filter(e => !isGroup(e)), groups };
  }

  /** These entities as the catalog has them now, by ref; those gone are missing. */
  async readEntities(entityRefs: string[]): Promise<Map<string, Entity>> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs },
      { credentials },
    );
    const out = new Map<string, Entity>();
    for (const entity of items) if (entity) out.set(refOf(entity), entity);
    return out;
  }
}
