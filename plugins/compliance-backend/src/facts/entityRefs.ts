import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/** The lower-cased ref of an entity, the key used everywhere in this plugin. */
export function refOf(entity: Entity): string {
  return stringifyEntityRef(entity).toLocaleLowerCase('en-US');
}

/** A relative ref such as `spec.owner` made full and lower-cased, or undefined when it cannot be parsed. */
export function fullRef(
  ref: unknown,
  defaults: { defaultKind: string; defaultNamespace: string },
): string | undefined {
  if (typeof ref !== 'string' || !ref) return undefined;
  try {
    return stringifyEntityRef(parseEntityRef(ref, defaults)).toLocaleLowerCase(
      'en-US',
    );
  } catch {
    return undefined;
  }
}

/** The entity's owner as a full, lower-cased ref. */
export function ownerRefOf(entity: Entity): string | undefined {
  return fullRef(entity.spec?.owner, {
    defaultKind: 'group',
    defaultNamespace: entity.metadata.namespace ?? 'default',
  });
}

/** The entity's system as a full, lower-cased ref. */
export function systemRefOf(entity: Entity): string | undefined {
  return fullRef(entity.spec?.system, {
    defaultKind: 'system',
    defaultNamespace: entity.metadata.namespace ?? 'default',
  });
}
