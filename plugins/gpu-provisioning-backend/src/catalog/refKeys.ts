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
