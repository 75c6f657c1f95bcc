import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';
import { InputError } from '@backstage/errors';

/**
 * The comparison key of an entity ref given as input (`entityRefKey`), or an
 * `InputError` naming the field when it is not an entity ref.
 */
export function inputRefKey(
  value: string,
  field: string,
  context?: { defaultKind?: string },
): string {
  try {
    return entityRefKey(value, context);
  } catch {
    throw new InputError(
      `${field}: must be an entity ref such as ${
        context?.defaultKind === 'group'
          ? 'group:default/ml-platform'
          : 'component:default/assistant-api'
      }`,
    );
  }
}

/**
 * The comparison key of a team (a Group ref; `ml-platform` is
 * `group:default/ml-platform`), or an `InputError` naming the field.
 */
export function teamRefKey(value: string, field = 'team'): string {
  const key = inputRefKey(value, field, { defaultKind: 'group' });
  if (!key.startsWith('group:')) {
    throw new InputError(
      `${field}: must be a group entity ref, e.g. group:default/ml-platform`,
    );
  }
  return key;
}

/**
 * The comparison keys of refs that come from the catalog or a policy; a
 * malformed ref names no entity, so it is left out rather than failing.
 */
export function refKeys(
  refs: Iterable<string>,
  context?: { defaultKind?: string; defaultNamespace?: string },
): string[] {
  const keys = new Set<string>();
  for (const ref of refs) {
    try {
      keys.add(entityRefKey(ref, context));
    } catch {
      // Not an entity ref: it matches nothing.
    }
  }
  return [...keys];
}
