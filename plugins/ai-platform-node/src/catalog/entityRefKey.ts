import { parseEntityRef } from '@backstage/catalog-model';

/**
 * The comparison key of an entity reference: kind, namespace and name in
 * lower case, with the default kind and namespace filled in.
 *
 * @remarks
 * The catalog treats entity references case-insensitively
 * (`Group:Default/ML-Platform` is `group:default/ml-platform`), so every
 * comparison, map key and set of references in the suite goes through this
 * function. Throws an `InputError`-like error (from `parseEntityRef`) for a
 * malformed reference.
 *
 * @public
 */
export function entityRefKey(
  ref: string,
  context?: { defaultKind?: string; defaultNamespace?: string },
): string {
  const { kind, namespace, name } = parseEntityRef(ref, {
    defaultKind: context?.defaultKind,
    defaultNamespace: context?.defaultNamespace ?? 'default',
  });
  // The same mapping as toLocaleLowerCase('en-US') (English has no special
  // case rules), without the locale lookup that made it a hot spot per request.
  return `${kind}:${namespace}/${name}`.toLowerCase();
}

/**
 * Whether two entity references name the same entity, ignoring case.
 *
 * @public
 */
export function entityRefsEqual(a: string, b: string): boolean {
  return entityRefKey(a) === entityRefKey(b);
}
