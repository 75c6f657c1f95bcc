/**
 * Annotation keys and entity types of the model entity convention.
 */

import { AI_PLATFORM_ANNOTATIONS } from '@ai-platform/plugin-ai-platform-common';

/**
 * Data classification of the entity: `public`, `internal`, `confidential` or
 * `restricted`. The same key the portal's components use.
 *
 * @public
 */
export const ANNOTATION_DATA_CLASSIFICATION =
  AI_PLATFORM_ANNOTATIONS.dataClassification;

/**
 * Where the model card lives: an absolute URL read through Backstage's URL
 * reader, or a path relative to the entity's catalog file. A Hugging Face
 * README with YAML front matter.
 *
 * @public
 */
export const ANNOTATION_MODEL_CARD = AI_PLATFORM_ANNOTATIONS.modelCard;

/**
 * Which source produced the entity, `<provider-kind>:<id>` (for example
 * `mlflow:prod`, `kubeflow:research`, `kserve:gpu-prod`). Absent on entities
 * from catalog files.
 *
 * @public
 */
export const ANNOTATION_MODEL_SOURCE = AI_PLATFORM_ANNOTATIONS.modelSource;

/**
 * Set by a provider on the entities it keeps from its last good refresh while
 * its source fails: the error and when it happened. The processor turns it into
 * an entity error; the entity itself stays.
 *
 * @public
 */
export const ANNOTATION_MODEL_SOURCE_ERROR =
  AI_PLATFORM_ANNOTATIONS.modelSourceError;

/**
 * On an InferenceService or a model-server Component: the entity ref of the
 * model it serves (for example `resource:default/llama-3-1-8b-instruct`).
 *
 * @public
 */
export const ANNOTATION_SERVED_MODEL = AI_PLATFORM_ANNOTATIONS.servedModel;

/**
 * `spec.type` of a model `Resource`.
 *
 * @public
 */
export const MODEL_RESOURCE_TYPE = 'ai-model';

/**
 * `spec.type` of a model-server `Component`.
 *
 * @public
 */
export const MODEL_SERVER_COMPONENT_TYPE = 'model-server';

/**
 * `spec.type` of the `API` a model server provides (backstage RFC #33060).
 *
 * @public
 */
export const MODEL_SERVER_API_TYPE = 'ai-model-server';

/**
 * Name of the scaffolder template the "Deploy" button opens.
 *
 * @public
 */
export const DEPLOY_TEMPLATE_REF = 'template:default/llm-inference-service';
