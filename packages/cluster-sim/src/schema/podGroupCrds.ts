/*
 * HAND-WRITTEN from the public CRDs' documented fields, NOT A COPY.
 *
 * The fixtures hold KAI Scheduler's and Volcano's Queue CRDs but not their
 * PodGroup CRDs. These are small structural schemas written for the cluster
 * simulator from the documented PodGroup fields the schedulers read:
 * KAI Scheduler's `scheduling.run.ai/v2alpha2` PodGroup (spec `minMember`,
 * `queue`, `priorityClassName`, `markUnschedulable`, `schedulingBackoff`;
 * status `phase`, `pending`, `running`, `failed`, `conditions`,
 * `schedulingConditions`) and Volcano's `scheduling.volcano.sh/v1beta1`
 * PodGroup (spec `minMember`, `minTaskMember`, `queue`, `priorityClassName`,
 * `minResources`; status `phase`, `conditions`, `running`, `succeeded`,
 * `failed`). Both are namespaced. Fields not modelled (topology constraints,
 * sub-groups, network topology) are kept unvalidated where they sit.
 */
import type { CustomResourceDefinition, OpenApiSchema } from './types';

const string: OpenApiSchema = { type: 'string' };
const int32: OpenApiSchema = { type: 'integer', format: 'int32' };
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

const condition: OpenApiSchema = {
  type: 'object',
  properties: {
    type: string,
    status: string,
    reason: string,
    message: string,
    transitionID: string,
    lastTransitionTime: { type: 'string', format: 'date-time' },
  },
};

const kaiSchema: OpenApiSchema = {
  description: 'KAI Scheduler PodGroup: pods scheduled together, in a queue.',
  type: 'object',
  properties: {
    apiVersion: string,
    kind: string,
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      properties: {
        minMember: { ...int32, minimum: 1 },
        queue: string,
        priorityClassName: string,
        markUnschedulable: { type: 'boolean' },
        schedulingBackoff: int32,
        backoffLimit: int32,
        preemptibility: {
          type: 'string',
          enum: ['preemptible', 'non-preemptible'],
        },
        topologyConstraint: preservedObject,
        subGroups: { type: 'array', items: preservedObject },
      },
    },
    status: {
      type: 'object',
      properties: {
        phase: string,
        pending: int32,
        running: int32,
        failed: int32,
        conditions: { type: 'array', items: condition },
        schedulingConditions: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              type: string,
              nodePool: string,
              reason: string,
              message: string,
              transitionID: string,
              lastTransitionTime: { type: 'string', format: 'date-time' },
              reasons: { type: 'array', items: preservedObject },
            },
          },
        },
        resourcesStatus: preservedObject,
      },
    },
  },
};

const volcanoSchema: OpenApiSchema = {
  description: 'Volcano PodGroup: pods scheduled together, in a queue.',
  type: 'object',
  properties: {
    apiVersion: string,
    kind: string,
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      properties: {
        minMember: int32,
        minTaskMember: { type: 'object', additionalProperties: int32 },
        queue: { ...string, default: 'default' },
        priorityClassName: string,
        minResources: { type: 'object', additionalProperties: quantity },
        networkTopology: preservedObject,
      },
    },
    status: {
      type: 'object',
      properties: {
        phase: {
          type: 'string',
          enum: ['Pending', 'Running', 'Unknown', 'Inqueue', 'Completed'],
        },
        conditions: { type: 'array', items: condition },
        running: int32,
        succeeded: int32,
        failed: int32,
      },
    },
  },
};

function podGroupCrd(
  group: string,
  version: string,
  shortNames: string[],
  schema: OpenApiSchema,
): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `podgroups.${group}`,
      annotations: {
        'cluster-sim.ai-platform/schema-origin':
          'hand-written from the public CRD documented fields, not a copy',
      },
    },
    spec: {
      group,
      names: {
        kind: 'PodGroup',
        listKind: 'PodGroupList',
        plural: 'podgroups',
        singular: 'podgroup',
        shortNames,
      },
      scope: 'Namespaced',
      versions: [
        {
          name: version,
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: schema },
        },
      ],
    },
  };
}

/** KAI Scheduler's and Volcano's PodGroup, hand-written (see top). */
export const podGroupCrds: CustomResourceDefinition[] = [
  podGroupCrd('scheduling.run.ai', 'v2alpha2', ['pg'], kaiSchema),
  podGroupCrd(
    'scheduling.volcano.sh',
    'v1beta1',
    ['pg', 'podgroup-v1beta1'],
    volcanoSchema,
  ),
];
