import { entityRefKey } from './entityRefKey';

/**
 * The comparison keys of several refs ({@link entityRefKey}), without
 * duplicates; a value that is not an entity ref matches nothing and is
 * left out.
 *
 * @public
 */
export function entityRefKeys(
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
