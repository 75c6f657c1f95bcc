import { JsonObject, JsonValue } from '@backstage/types';

/**
 * The values without secrets, for a file anyone reading the repository sees:
 * drops the fields named in `secretFields` and any field whose value carries
 * one of the task's secrets (values filled from `${{ secrets.x }}`). Returns
 * the kept values and the names of the dropped fields, never their values.
 */
export function dropSecretValues(
  values: JsonObject,
  options: { secretFields?: string[]; secrets?: Record<string, string> },
): { values: JsonObject; dropped: string[] } {
  const named = new Set(options.secretFields ?? []);
  // Short secrets would match innocent values by chance; they are still
  // dropped by name, and a one-character secret is not a secret.
  const secretTexts = Object.values(options.secrets ?? {}).filter(
    s => typeof s === 'string' && s.length >= 4,
  );
  const carriesSecret = (value: JsonValue | undefined): boolean => {
    if (typeof value === 'string') {
      return secretTexts.some(secret => value.includes(secret));
    }
    if (Array.isArray(value)) return value.some(carriesSecret);
    if (value && typeof value === 'object') {
      return Object.values(value).some(carriesSecret);
    }
    return false;
  };
  const kept: JsonObject = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (named.has(key) || carriesSecret(value)) {
      dropped.push(key);
    } else if (value !== undefined) {
      kept[key] = value;
    }
  }
  return { values: kept, dropped };
}
