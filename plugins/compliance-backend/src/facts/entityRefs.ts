import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';

/** The ref of an entity as a comparison key, the key used everywhere in this plugin. */
export function refOf(entity: Entity): string {
  return entityRefKey(stringifyEntityRef(entity));
}

/** A relative ref such as `spec.owner` made full and lower-cased, or undefined when it cannot be parsed. */
export function fullRef(
  ref: unknown,
  defaults: { defaultKind: string; defaultNamespace: string },
): string | undefined {
  if (typeof ref !== 'string' || !ref) return undefined;
  try {
    return entityRefKey(ref, defaults);
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
