import { Entity } from '@backstage/catalog-model';
import {
  isModelEntity,
  isModelServerEntity,
} from '@ai-platform/plugin-model-catalog-common';

const POD_ANNOTATIONS = [
  'backstage.io/kubernetes-id',
  'backstage.io/kubernetes-label-selector',
];

/**
 * Whether the "Serving" tab belongs on an entity: a model, a model server
 * (`Component` of type `model-server`), or any `Component` whose pods the
 * Kubernetes annotations find (it may run vLLM; the tab says when it does not).
 *
 * @public
 */
export function isServingEntity(entity: Entity): boolean {
  if (isModelEntity(entity) || isModelServerEntity(entity)) return true;
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    POD_ANNOTATIONS.some(a => !!entity.metadata.annotations?.[a])
  );
}
