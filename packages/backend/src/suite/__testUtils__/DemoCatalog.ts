import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  DEFAULT_NAMESPACE,
  Entity,
  EntityRelation,
  RELATION_CHILD_OF,
  RELATION_HAS_MEMBER,
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PARENT_OF,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { parseAllDocuments } from 'yaml';

const DEMO_CATALOG_DIR = resolve(__dirname, '../../../../../demo/catalog');

/** The relations the catalog's built-in processor emits for a spec field. */
const SPEC_RELATIONS: Array<{
  field: 'owner' | 'parent' | 'memberOf';
  defaultKind: string;
  forward: string;
  backward: string;
}> = [
  {
    field: 'owner',
    defaultKind: 'group',
    forward: RELATION_OWNED_BY,
    backward: RELATION_OWNER_OF,
  },
  {
    field: 'parent',
    defaultKind: 'group',
    forward: RELATION_CHILD_OF,
    backward: RELATION_PARENT_OF,
  },
  {
    field: 'memberOf',
    defaultKind: 'group',
    forward: RELATION_MEMBER_OF,
    backward: RELATION_HAS_MEMBER,
  },
];

/**
 * The repository's demo organisation (demo/catalog) as the catalog serves it:
 * namespaced, with uids and the relations its processors stitch from
 * `spec.owner`, `spec.parent` and `spec.memberOf`.
 *
 * The entities are the very objects the test catalog serves (the in-memory
 * catalog keeps references), so {@link DemoCatalog.moveGroup} changes what
 * every backend reads next, as a catalog refresh would.
 */
export class DemoCatalog {
  private constructor(readonly entities: Entity[]) {
    this.stitch();
  }

  /** The demo catalog files, plus any further entities (new groups, ...). */
  static load(
    files = ['org.yaml', 'users.yaml', 'components.yaml'],
    extra: Entity[] = [],
  ): DemoCatalog {
    const entities = [
      ...files.flatMap(file =>
        parseAllDocuments(
          readFileSync(join(DEMO_CATALOG_DIR, file), 'utf8'),
        ).map(doc => doc.toJS() as Entity),
      ),
      ...extra,
    ].map(entity => ({
      ...entity,
      metadata: {
        namespace: DEFAULT_NAMESPACE,
        ...entity.metadata,
        uid: `${entity.kind}:${entity.metadata.name}`.toLocaleLowerCase(
          'en-US',
        ),
      },
    }));
    return new DemoCatalog(entities);
  }

  /** One entity by ref; throws for an unknown one. */
  get(ref: string): Entity {
    const entity = this.entities.find(e => refOf(e) === normalise(ref));
    if (!entity) throw new Error(`No entity ${ref} in the demo catalog`);
    return entity;
  }

  /** The refs of the entities a group owns directly (not its sub-groups'). */
  ownedBy(groupRef: string): string[] {
    const group = normalise(groupRef);
    return this.entities
      .filter(e =>
        (e.relations ?? []).some(
          r => r.type === RELATION_OWNED_BY && r.targetRef === group,
        ),
      )
      .map(refOf)
      .sort();
  }

  /**
   * Moves a group under another parent, in place: its `spec.parent` and
   * every `childOf`/`parentOf` relation change, as after the catalog
   * re-reads the group's file.
   */
  moveGroup(groupRef: string, newParentRef: string): void {
    const group = this.get(groupRef);
    const parent = this.get(newParentRef);
    group.spec = { ...group.spec, parent: parent.metadata.name };
    this.stitch();
  }

  /** Rewrites every entity's relations from its spec. */
  private stitch(): void {
    const relations = new Map<string, EntityRelation[]>(
      this.entities.map(e => [refOf(e), []]),
    );
    for (const entity of this.entities) {
      const source = refOf(entity);
      for (const { field, defaultKind, forward, backward } of SPEC_RELATIONS) {
        const value = (entity.spec as Record<string, unknown> | undefined)?.[
          field
        ];
        const targets = ([] as unknown[]).concat(value ?? []);
        for (const target of targets) {
          if (typeof target !== 'string' || !target) continue;
          const targetRef = normalise(target, {
            defaultKind,
            defaultNamespace: entity.metadata.namespace,
          });
          relations.get(source)!.push({ type: forward, targetRef });
          relations.get(targetRef)?.push({ type: backward, targetRef: source });
        }
      }
    }
    for (const entity of this.entities) {
      entity.relations = relations.get(refOf(entity));
    }
  }
}

function normalise(
  ref: string,
  context?: { defaultKind?: string; defaultNamespace?: string },
): string {
  return stringifyEntityRef(parseEntityRef(ref, context)).toLocaleLowerCase(
    'en-US',
  );
}

function refOf(entity: Entity): string {
  return normalise(stringifyEntityRef(entity));
}
