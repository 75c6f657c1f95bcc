/*
 * HAND-WRITTEN from the public CRDs' documented fields, NOT A COPY.
 *
 * This is not the wgpolicyk8s.io CustomResourceDefinition published by the
 * Kubernetes Policy WG: it is a small structural schema written for the
 * cluster simulator from the documented PolicyReport v1alpha2 fields (scope,
 * scopeSelector, summary, results). PolicyReport is namespaced;
 * ClusterPolicyReport has the same fields and is cluster-scoped.
 */
import type { CustomResourceDefinition, OpenApiSchema } from './types';

const string: OpenApiSchema = { type: 'string' };
const integer: OpenApiSchema = { type: 'integer' };

const objectReference: OpenApiSchema = {
  description: 'A reference to a Kubernetes object (corev1.ObjectReference).',
  type: 'object',
  properties: {
    apiVersion: string,
    kind: string,
    name: string,
    namespace: string,
    uid: string,
    resourceVersion: string,
    fieldPath: string,
  },
  'x-kubernetes-map-type': 'atomic',
};

const labelSelector: OpenApiSchema = {
  type: 'object',
  properties: {
    matchLabels: { type: 'object', additionalProperties: string },
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'operator'],
        properties: {
          key: string,
          operator: string,
          values: { type: 'array', items: string },
        },
      },
    },
  },
  'x-kubernetes-map-type': 'atomic',
};

const result: OpenApiSchema = {
  description: 'The outcome of one policy rule for some resources.',
  type: 'object',
  required: ['policy'],
  properties: {
    source: string,
    policy: string,
    rule: string,
    category: string,
    severity: {
      type: 'string',
      enum: ['critical', 'high', 'low', 'medium', 'info'],
    },
    timestamp: {
      type: 'object',
      required: ['nanos', 'seconds'],
      properties: {
        seconds: { type: 'integer', format: 'int64' },
        nanos: { type: 'integer', format: 'int32' },
      },
    },
    result: { type: 'string', enum: ['pass', 'fail', 'warn', 'error', 'skip'] },
    scored: { type: 'boolean' },
    message: string,
    resources: { type: 'array', items: objectReference },
    resourceSelector: labelSelector,
    properties: { type: 'object', additionalProperties: string },
  },
};

const policyReportSchema: OpenApiSchema = {
  description: 'Policy results for the resources in a scope.',
  type: 'object',
  properties: {
    apiVersion: string,
    kind: string,
    metadata: { type: 'object' },
    scope: objectReference,
    scopeSelector: labelSelector,
    summary: {
      type: 'object',
      properties: {
        pass: integer,
        fail: integer,
        warn: integer,
        error: integer,
        skip: integer,
      },
    },
    results: { type: 'array', items: result },
  },
};

function policyReportCrd(
  kind: string,
  plural: string,
  scope: 'Namespaced' | 'Cluster',
  shortNames: string[],
): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${plural}.wgpolicyk8s.io`,
      annotations: {
        'cluster-sim.ai-platform/schema-origin':
          'hand-written from the public CRD documented fields, not a copy',
      },
    },
    spec: {
      group: 'wgpolicyk8s.io',
      names: {
        kind,
        listKind: `${kind}List`,
        plural,
        singular: kind.toLowerCase(),
        shortNames,
      },
      scope,
      versions: [
        {
          name: 'v1alpha2',
          served: true,
          storage: true,
          subresources: {},
          schema: { openAPIV3Schema: policyReportSchema },
        },
      ],
    },
  };
}

/** `wgpolicyk8s.io/v1alpha2` PolicyReport and ClusterPolicyReport, hand-written (see top). */
export const policyReportCrds: CustomResourceDefinition[] = [
  policyReportCrd('PolicyReport', 'policyreports', 'Namespaced', ['polr']),
  policyReportCrd('ClusterPolicyReport', 'clusterpolicyreports', 'Cluster', [
    'cpolr',
  ]),
];
