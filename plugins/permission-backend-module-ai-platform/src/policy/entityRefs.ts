import { entityRefKey } from '@ai-platform/plugin-ai-platform-node';

/**
 * The case-insensitive comparison key of an entity ref, as
 * `entityRefKey` gives it; a ref that does not parse (a claim in a token, a
 * relation of a broken entity) is compared by its lower-cased text instead of
 * failing the permission check.
 */
export function refKey(ref: string): string {
  try {
    return entityRefKey(ref);
  } catch {
    return ref.toLocaleLowerCase('en-US');
  }
}

/**
 * Each ref as given plus its lower-cased key, without duplicates.
 *
 * @remarks
 * For the parameters of conditions evaluated by rules that compare refs
 * exactly (the catalog's `IS_ENTITY_OWNER` when applied to one entity, the
 * scaffolder's `IS_TASK_OWNER`, gpu-provisioning's `IS_REQUESTER` and
 * `IS_TEAM`): whichever spelling the resource stored, one of them matches.
 */
export function refVariants(refs: string[]): string[] {
  const out = new Set<string>();
  for (const ref of refs) {
    out.add(ref);
    out.add(refKey(ref));
  }
  return [...out];
}
