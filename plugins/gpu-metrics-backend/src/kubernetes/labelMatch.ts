import {
  LabelSelectorRequirement,
  parseLabelSelector,
} from '@ai-platform/plugin-ai-platform-node';

/** A parsed label selector, matched against a pod's labels locally. */
export type LabelMatcher = (labels: Record<string, string>) => boolean;

function matchesRequirement(
  r: LabelSelectorRequirement,
  labels: Record<string, string>,
): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'exists':
      return has;
    case '!':
      return !has;
    case '=':
    case '==':
      return has && value === r.values[0];
    case '!=':
      return !has || value !== r.values[0];
    case 'in':
      return has && r.values.includes(value!);
    case 'notin':
      return !has || !r.values.includes(value!);
    default:
      return false;
  }
}

/**
 * A matcher with the Kubernetes semantics of `labelSelector` (every
 * requirement must hold; `!=` and `notin` also match pods without the
 * label), so pods listed once can be shared out among many selectors.
 */
export function labelMatcher(labelSelector: string): LabelMatcher {
  const requirements = parseLabelSelector(labelSelector);
  return labels => requirements.every(r => matchesRequirement(r, labels));
}

/**
 * The value of `key` when `labelSelector` is exactly `key=value` (or
 * `key==value`), the form `backstage.io/kubernetes-id` selectors take.
 */
export function equalityValue(
  labelSelector: string,
  key: string,
): string | undefined {
  const requirements = parseLabelSelector(labelSelector);
  if (requirements.length !== 1) return undefined;
  const [r] = requirements;
  return r.key === key && (r.operator === '=' || r.operator === '==')
    ? r.values[0]
    : undefined;
}
