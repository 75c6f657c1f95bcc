import { REQUEST_FIELDS, RequestField } from './useRequestForm';

/**
 * Splits a 400 message such as `count: must be at least 1; team: ...` into
 * field errors. Parsed with `indexOf`, not a regex, so a hostile message of
 * any length is read in linear time.
 */
export function fieldErrorsOf(
  message: string,
): Partial<Record<RequestField, string>> {
  const result: Partial<Record<RequestField, string>> = {};
  for (const part of message.split(/[;\n]/)) {
    const colon = part.indexOf(':');
    if (colon < 0) continue;
    const field = part.slice(0, colon).trim();
    const text = part.slice(colon + 1).trim();
    if (text && (REQUEST_FIELDS as string[]).includes(field)) {
      result[field as RequestField] = text;
    }
  }
  return result;
}

/**
 * The backend's 403 for an entity the team does not own
 * (`component:default/x is owned by group:default/b, not by group:default/a
 * or a team below it`), as the entity field's error; undefined for any other
 * refusal.
 */
export function ownershipErrorOf(
  message: string,
  entityRef: string | undefined,
): string | undefined {
  if (!entityRef) return undefined;
  const lower = message.toLocaleLowerCase('en-US');
  const ref = entityRef.toLocaleLowerCase('en-US');
  const aboutOwnership =
    lower.includes(`${ref} is owned by `) ||
    lower.includes(`${ref} has no owner`);
  return aboutOwnership ? message : undefined;
}
