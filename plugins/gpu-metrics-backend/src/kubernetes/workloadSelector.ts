import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/** `backstage.io/kubernetes-id`. */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
/** `backstage.io/kubernetes-label-selector`. */
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';
/** `backstage.io/kubernetes-namespace`. */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

const NAME = '([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)';
const LABEL_VALUE = new RegExp(`^${NAME}?$`);
const PREFIX =
  '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const KEY = `((${PREFIX})/)?${NAME}`;
const VALUE = `${NAME}?`;
const REQUIREMENT = new RegExp(
  `^(!?${KEY}|${KEY}\\s*(=|==|!=)\\s*${VALUE}|${KEY}\\s+(in|notin)\\s+\\(\\s*${VALUE}(\\s*,\\s*${VALUE})*\\s*\\))$`,
);
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Whether `value` is a valid Kubernetes label value. */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** Whether `selector` follows the Kubernetes label selector grammar. */
export function isLabelSelector(selector: string): boolean {
  // Split on commas outside parentheses.
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return (
    selector.trim().length > 0 && parts.every(p => REQUIREMENT.test(p.trim()))
  );
}

/** Where an entity's pods are, from its validated annotations. */
export interface WorkloadSelector {
  labelSelector: string;
  namespace?: string;
}

/**
 * The pod label selector and namespace of an entity, from its Kubernetes
 * annotations, each checked against the Kubernetes grammar; `undefined` when
 * the entity has neither annotation. A malformed value is an `InputError`
 * naming the annotation.
 */
export function workloadSelector(entity: Entity): WorkloadSelector | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const id = annotations[KUBERNETES_ID_ANNOTATION];
  const selector = annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION];
  const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION];
  if (namespace !== undefined && !DNS_LABEL.test(namespace)) {
    throw new InputError(
      `Annotation ${KUBERNETES_NAMESPACE_ANNOTATION} is not a valid namespace name`,
    );
  }
  if (selector !== undefined) {
    if (!isLabelSelector(selector)) {
      throw new InputError(
        `Annotation ${KUBERNETES_LABEL_SELECTOR_ANNOTATION} is not a valid label selector`,
      );
    }
    return { labelSelector: selector.trim(), namespace };
  }
  if (id !== undefined) {
    if (!id || !isLabelValue(id)) {
      throw new InputError(
        `Annotation ${KUBERNETES_ID_ANNOTATION} is not a valid label value`,
      );
    }
    return { labelSelector: `${KUBERNETES_ID_ANNOTATION}=${id}`, namespace };
  }
  return undefined;
}
