import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  isLabelValue,
  parseLabelSelector,
} from '@ai-platform/plugin-ai-platform-node';

/** `backstage.io/kubernetes-id`. */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
/** `backstage.io/kubernetes-label-selector`. */
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';
/** `backstage.io/kubernetes-namespace`. */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

/**
 * An entity annotation that does not follow the Kubernetes grammar: an
 * `InputError` (400) naming the annotation, so a group roll-up can skip the
 * entity and say why.
 */
export class AnnotationError extends InputError {
  readonly annotation: string;

  constructor(annotation: string, problem: string) {
    super(`Annotation ${annotation} ${problem}`);
    this.annotation = annotation;
  }
}

/**
 * Whether `name` is a namespace name (an RFC 1123 label: at most 63
 * lower-case letters, digits and `-`, starting and ending alphanumeric).
 * Checked character by character: linear whatever the input.
 */
export function isNamespaceName(name: string): boolean {
  if (name.length === 0 || name.length > 63) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const alphanumeric = (c >= 48 && c <= 57) || (c >= 97 && c <= 122);
    if (alphanumeric) continue;
    if (c === 45 && i > 0 && i < name.length - 1) continue;
    return false;
  }
  return true;
}

/** Where an entity's pods are, from its validated annotations. */
export interface WorkloadSelector {
  labelSelector: string;
  namespace?: string;
}

/**
 * The pod label selector and namespace of an entity, from its Kubernetes
 * annotations, each checked against the Kubernetes grammar (the selector by
 * a linear parser); `undefined` when the entity has neither the id nor the
 * selector annotation. A malformed value is an {@link AnnotationError}.
 */
export function workloadSelector(entity: Entity): WorkloadSelector | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const id = annotations[KUBERNETES_ID_ANNOTATION];
  const selector = annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION];
  const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION];
  if (namespace !== undefined && !isNamespaceName(namespace)) {
    throw new AnnotationError(
      KUBERNETES_NAMESPACE_ANNOTATION,
      'is not a valid namespace name',
    );
  }
  if (selector !== undefined) {
    try {
      parseLabelSelector(selector);
    } catch (error) {
      throw new AnnotationError(
        KUBERNETES_LABEL_SELECTOR_ANNOTATION,
        `is not a valid label selector: ${(error as Error).message}`,
      );
    }
    return { labelSelector: selector.trim(), namespace };
  }
  if (id !== undefined) {
    if (!id || !isLabelValue(id)) {
      throw new AnnotationError(
        KUBERNETES_ID_ANNOTATION,
        'is not a valid label value',
      );
    }
    return { labelSelector: `${KUBERNETES_ID_ANNOTATION}=${id}`, namespace };
  }
  return undefined;
}
