/*
 * HAND-WRITTEN from the public CRDs' documented fields, NOT A COPY.
 *
 * This is not KServe's CustomResourceDefinition: it is a small structural
 * schema written for the cluster simulator, covering the InferenceService
 * fields the portal reads and writes. Fields we do not model are let through
 * with x-kubernetes-preserve-unknown-fields on `spec.predictor` (framework
 * specs such as `sklearn`, and PodSpec fields such as `volumes`), on
 * `predictor.model` (the container fields it inlines), on `transformer` and
 * `explainer`, and in `status.modelStatus`. KServe's "minimal" CRD preserves
 * unknown fields for all of `spec` and `status`.
 */
import type { CustomResourceDefinition, OpenApiSchema } from './types';

const string: OpenApiSchema = { type: 'string' };
const int32: OpenApiSchema = { type: 'integer', format: 'int32' };
const int64: OpenApiSchema = { type: 'integer', format: 'int64' };
const stringMap: OpenApiSchema = {
  type: 'object',
  additionalProperties: string,
};
const stringList: OpenApiSchema = { type: 'array', items: string };
const preservedObject: OpenApiSchema = {
  type: 'object',
  'x-kubernetes-preserve-unknown-fields': true,
};

/** A resource.Quantity as controller-gen renders it in CRDs. */
const quantity: OpenApiSchema = {
  anyOf: [{ type: 'integer' }, { type: 'string' }],
  pattern:
    '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$',
  'x-kubernetes-int-or-string': true,
};

const resources: OpenApiSchema = {
  description: 'Compute resources, as in a container.',
  type: 'object',
  properties: {
    limits: { type: 'object', additionalProperties: quantity },
    requests: { type: 'object', additionalProperties: quantity },
    claims: { type: 'array', items: preservedObject },
  },
};

const env: OpenApiSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['name'],
    properties: {
      name: string,
      value: string,
      valueFrom: preservedObject,
    },
  },
};

/** The container fields the portal sets; other container fields pass. */
const containerFields: Record<string, OpenApiSchema> = {
  name: string,
  image: string,
  command: stringList,
  args: stringList,
  env,
  resources,
};

const model: OpenApiSchema = {
  description:
    'The model to serve: its format, the serving runtime, where it is stored.',
  type: 'object',
  required: ['modelFormat'],
  properties: {
    modelFormat: {
      type: 'object',
      required: ['name'],
      properties: { name: string, version: string },
    },
    runtime: string,
    protocolVersion: string,
    storageUri: string,
    ...containerFields,
  },
  'x-kubernetes-preserve-unknown-fields': true,
};

const predictor: OpenApiSchema = {
  description: 'The predictor: a model spec or custom containers.',
  type: 'object',
  properties: {
    model,
    containers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        properties: containerFields,
        'x-kubernetes-preserve-unknown-fields': true,
      },
    },
    minReplicas: int32,
    maxReplicas: int32,
    scaleMetric: {
      type: 'string',
      enum: ['cpu', 'memory', 'concurrency', 'rps'],
    },
    scaleTarget: int32,
    containerConcurrency: int64,
    timeout: int64,
    canaryTrafficPercent: int64,
    serviceAccountName: string,
    nodeSelector: stringMap,
    labels: stringMap,
    annotations: stringMap,
  },
  'x-kubernetes-preserve-unknown-fields': true,
};

const condition: OpenApiSchema = {
  type: 'object',
  required: ['status', 'type'],
  properties: {
    type: string,
    status: string,
    severity: string,
    lastTransitionTime: { type: 'string', format: 'date-time' },
    reason: string,
    message: string,
  },
};

const address: OpenApiSchema = {
  type: 'object',
  properties: { url: string },
};

const componentStatus: OpenApiSchema = {
  type: 'object',
  properties: {
    url: string,
    restUrl: string,
    grpcUrl: string,
    address,
    latestReadyRevision: string,
    latestCreatedRevision: string,
    previousRolledoutRevision: string,
    latestRolledoutRevision: string,
    traffic: { type: 'array', items: preservedObject },
  },
};

const status: OpenApiSchema = {
  type: 'object',
  properties: {
    url: string,
    address,
    observedGeneration: int64,
    conditions: { type: 'array', items: condition },
    components: { type: 'object', additionalProperties: componentStatus },
    modelStatus: preservedObject,
    annotations: stringMap,
  },
};

/** `serving.kserve.io/v1beta1` InferenceService, hand-written (see top). */
export const inferenceServiceCrd: CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: {
    name: 'inferenceservices.serving.kserve.io',
    annotations: {
      'cluster-sim.ai-platform/schema-origin':
        'hand-written from the public CRD documented fields, not a copy',
    },
  },
  spec: {
    group: 'serving.kserve.io',
    names: {
      kind: 'InferenceService',
      listKind: 'InferenceServiceList',
      plural: 'inferenceservices',
      singular: 'inferenceservice',
      shortNames: ['isvc'],
    },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1beta1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            description: 'An InferenceService serves a model over HTTP/gRPC.',
            type: 'object',
            properties: {
              apiVersion: string,
              kind: string,
              metadata: { type: 'object' },
              spec: {
                type: 'object',
                required: ['predictor'],
                properties: {
                  predictor,
                  transformer: preservedObject,
                  explainer: preservedObject,
                },
              },
              status,
            },
          },
        },
      },
    ],
  },
};
