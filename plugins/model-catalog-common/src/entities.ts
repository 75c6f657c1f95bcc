import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  MODEL_RESOURCE_TYPE,
  MODEL_SERVER_API_TYPE,
  MODEL_SERVER_COMPONENT_TYPE,
} from './annotations';
import type { ModelEntity, ModelMetadata } from './types';

/**
 * Whether the entity is a model: a `Resource` with `spec.type: ai-model`.
 *
 * @public
 */
export function isModelEntity(entity: Entity): entity is ModelEntity {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    entity.spec?.type === MODEL_RESOURCE_TYPE
  );
}

/**
 * Whether the entity is a model server: a `Component` with
 * `spec.type: model-server`.
 *
 * @public
 */
export function isModelServerEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    entity.spec?.type === MODEL_SERVER_COMPONENT_TYPE
  );
}

/**
 * Whether the entity is a model server's endpoint: an `API` with
 * `spec.type: ai-model-server`.
 *
 * @public
 */
export function isModelServerApiEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'api' &&
    entity.spec?.type === MODEL_SERVER_API_TYPE
  );
}

/**
 * The entity's `spec.model`, or an empty object. Not validated: the catalog
 * processor validates it and reports errors on the entity.
 *
 * @public
 */
export function getModelMetadata(entity: Entity): ModelMetadata {
  const model = entity.spec?.model;
  return model && typeof model === 'object' && !Array.isArray(model)
    ? (model as ModelMetadata)
    : {};
}

/**
 * The path of the scaffolder page that deploys the model with the
 * llm-inference-service template, its `model` field filled in.
 *
 * @public
 */
export function deployTemplatePath(entity: Entity): string {
  const formData = JSON.stringify({ model: stringifyEntityRef(entity) });
  return `/create/templates/default/llm-inference-service?formData=${encodeURIComponent(
    formData,
  )}`;
}
