import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * An entity ref in one spelling (lower case, namespace filled in), so refs
 * from annotations, task parameters and the catalog compare equal; undefined
 * when the value is not an entity ref.
 */
export function entityRefKey(
  value: string,
  defaults?: { defaultKind?: string; defaultNamespace?: string },
): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(value.trim(), {
        defaultNamespace: 'default',
        ...defaults,
      }),
    ).toLowerCase();
  } catch {
    return undefined;
  }
}
