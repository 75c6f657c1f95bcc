import { parseDocument } from 'yaml';

/**
 * `${NAME}` as Backstage's config loader substitutes it from the environment;
 * `$${NAME}` is an escaped literal and is not matched.
 */
const SUBSTITUTION = /(?<!\$)\$\{([A-Za-z_]\w*)\}/g;

function collect(value: unknown, out: Set<string>): void {
  if (typeof value === 'string') {
    for (const match of value.matchAll(SUBSTITUTION)) out.add(match[1]);
  } else if (Array.isArray(value)) {
    value.forEach(v => collect(v, out));
  } else if (value && typeof value === 'object') {
    Object.values(value).forEach(v => collect(v, out));
  }
}

/**
 * The environment variables a Backstage config file reads through `${NAME}`
 * substitutions in its values (comments are not values and do not count).
 */
export function configEnvVars(yamlText: string): Set<string> {
  const doc = parseDocument(yamlText);
  if (doc.errors.length > 0) throw doc.errors[0];
  const out = new Set<string>();
  collect(doc.toJS(), out);
  return out;
}

/** Whether a variable holds a credential and so may only come from a Secret. */
export function isSecretName(name: string): boolean {
  return /SECRET|TOKEN|PASSWORD|CA_DATA/.test(name);
}
