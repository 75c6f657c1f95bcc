import { InputError } from '@backstage/errors';
import { fullRef } from '../facts/entityRefs';

/**
 * A ref from a caller as this plugin's comparison key (a bare name is a
 * component in the default namespace); `InputError` naming the field when it
 * is not a ref.
 */
export function normalizeEntityRef(ref: string, field: string): string {
  // PostgreSQL text cannot hold NUL: refuse it here for every caller
  // (routes and actions) rather than fail in the database.
  if (ref.includes('\u0000'))
    throw new InputError(`${field} must not contain NUL characters`);
  const full = fullRef(ref, {
    defaultKind: 'component',
    defaultNamespace: 'default',
  });
  if (!full) throw new InputError(`${field} is not an entity ref: ${ref}`);
  return full;
}
