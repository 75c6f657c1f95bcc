/**
 * The `ai-platform.io/*` vocabulary: the label, annotation and tag keys the
 * suite's families write and read. A key written by one family and read by
 * another lives here once, so they cannot drift apart.
 */

/**
 * The prefix of every key of the suite's vocabulary.
 *
 * @public
 */
export const AI_PLATFORM_PREFIX = 'ai-platform.io/';

/**
 * Kubernetes label keys, selectable by tools. Values are label-safe.
 *
 * @public
 */
export const AI_PLATFORM_LABELS = {
  /** On a namespace (GPU grants, the fleet): the owning team's group name. Read by compliance and the model catalog's KServe discovery. */
  team: 'ai-platform.io/team',
  /** On a GPU grant's objects: the grant's id. */
  grantId: 'ai-platform.io/grant-id',
  /** On a GPU grant's namespace: the data classification it may hold. */
  dataClassification: 'ai-platform.io/data-classification',
  /** On a GPU grant's objects: the team's cost centre. */
  costCenter: 'ai-platform.io/cost-center',
  /** On a GPU grant's objects: when the grant expires (label-safe form). */
  expiresAt: 'ai-platform.io/expires-at',
  /** On a GPU grant's objects: the entity the GPUs are for (label-safe form). */
  entity: 'ai-platform.io/entity',
} as const;

/**
 * Annotation keys, on Kubernetes objects and catalog entities, for values
 * labels cannot hold.
 *
 * @public
 */
export const AI_PLATFORM_ANNOTATIONS = {
  /** On a GPU grant's namespace: the owning team's entity ref. Read by the model catalog's KServe discovery. */
  teamRef: 'ai-platform.io/team-ref',
  /** On a GPU grant's namespace: who asked for the GPUs. */
  requestedBy: 'ai-platform.io/requested-by',
  /** On a GPU grant's namespace: the entity ref the GPUs are for. */
  entityRef: 'ai-platform.io/entity-ref',
  /** On a GPU grant's namespace: when the grant expires (ISO 8601). */
  expiresAt: 'ai-platform.io/expires-at',
  /** On a GPU grant's namespace: why the GPUs were asked for. */
  purpose: 'ai-platform.io/purpose',
  /** On a GPU grant's namespace and on Group entities: the cost centre. */
  costCenter: 'ai-platform.io/cost-center',
  /** On a GPU grant's namespace: the GPUs granted. */
  gpus: 'ai-platform.io/gpus',
  /** On entities: `public`, `internal`, `confidential` or `restricted`. */
  dataClassification: 'ai-platform.io/data-classification',
  /** On model entities: where the model card lives. */
  modelCard: 'ai-platform.io/model-card',
  /** On model entities from a provider: `<provider-kind>:<id>`. */
  modelSource: 'ai-platform.io/model-source',
  /** On model entities kept while their source fails: the error. */
  modelSourceError: 'ai-platform.io/model-source-error',
  /** On an InferenceService or model-server Component: the served model's entity ref. */
  servedModel: 'ai-platform.io/model',
  /** On a model-server Component: the cluster it runs on. */
  kubernetesCluster: 'ai-platform.io/kubernetes-cluster',
  /** On entities made from templates: the service's endpoint URL. */
  endpointUrl: 'ai-platform.io/endpoint-url',
  /** On entities made from templates: the GPU request that gave them GPUs. */
  gpuRequestId: 'ai-platform.io/gpu-request-id',
  /** On a project's entity: the Template it was made from (`template:<namespace>/<name>`). */
  templateRef: 'ai-platform.io/template-ref',
  /** On a suite Template: its skeleton's version; on a project's entity: the version it was made from or last upgraded to. */
  templateVersion: 'ai-platform.io/template-version',
} as const;

/**
 * On a project's catalog entity: the Template it was made from, e.g.
 * `template:default/genai-application`. Written by the scaffolder's
 * `ai-platform:template:record`.
 *
 * @public
 */
export const TEMPLATE_REF_ANNOTATION = AI_PLATFORM_ANNOTATIONS.templateRef;

/**
 * On a suite Template: the version of its skeleton (a string such as `'3'`,
 * bumped whenever what a project gets changes). On a project's catalog
 * entity: the version it was made from or last upgraded to.
 *
 * @public
 */
export const TEMPLATE_VERSION_ANNOTATION =
  AI_PLATFORM_ANNOTATIONS.templateVersion;

/**
 * FOCUS `Tags` keys the cost family reads by default (each configurable).
 *
 * @public
 */
export const AI_PLATFORM_COST_TAGS = {
  /** The team (group ref or name). */
  team: 'ai-platform.io/team',
  /** The cost centre. */
  costCenter: 'ai-platform.io/cost-center',
  /** The GPU class, for cloud GPU cost. */
  gpuClass: 'ai-platform.io/gpu-class',
} as const;

/**
 * A label key of the suite.
 *
 * @public
 */
export type AiPlatformLabel =
  (typeof AI_PLATFORM_LABELS)[keyof typeof AI_PLATFORM_LABELS];

/**
 * An annotation key of the suite.
 *
 * @public
 */
export type AiPlatformAnnotation =
  (typeof AI_PLATFORM_ANNOTATIONS)[keyof typeof AI_PLATFORM_ANNOTATIONS];
