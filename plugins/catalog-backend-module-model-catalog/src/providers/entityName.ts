import { createHash } from 'node:crypto';

const MAX = 63;

/**
 * A valid catalog `metadata.name` for a registry name: lower case, runs of
 * characters outside `[a-z0-9]` turned into `-`, trimmed; a short hash of the
 * original is appended when the result had to be shortened or is empty.
 */
export function toEntityName(name: string): string {
  const cleaned = name
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (cleaned.length > 0 && cleaned.length <= MAX) {
    return cleaned;
  }
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  const head = cleaned.slice(0, MAX - hash.length - 1).replace(/-+$/g, '');
  return head ? `${head}-${hash}` : `model-${hash}`;
}
