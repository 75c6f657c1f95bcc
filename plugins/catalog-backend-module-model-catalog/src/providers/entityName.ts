import { createHash } from 'node:crypto';

const MAX = 63;

/**
 * The text without leading and trailing `-`: a loop, since the regex form
 * (`/^-+|-+$/`) backtracks quadratically on long runs of dashes.
 */
export function trimDashes(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === '-') start++;
  while (end > start && text[end - 1] === '-') end--;
  return text.slice(start, end);
}

/**
 * A valid catalog `metadata.name` for a registry name: lower case, runs of
 * characters outside `[a-z0-9]` turned into `-`, trimmed; a short hash of the
 * original is appended when the result had to be shortened or is empty.
 */
export function toEntityName(name: string): string {
  const cleaned = trimDashes(
    name.toLocaleLowerCase('en-US').replace(/[^a-z0-9]+/g, '-'),
  );
  if (cleaned.length > 0 && cleaned.length <= MAX) {
    return cleaned;
  }
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  const head = trimDashes(cleaned.slice(0, MAX - hash.length - 1));
  return head ? `${head}-${hash}` : `model-${hash}`;
}
