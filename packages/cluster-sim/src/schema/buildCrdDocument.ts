import { crdPaths } from './crdPaths';
import { groupVersionPath } from './groupVersion';
import type {
  CustomResourceDefinition,
  GroupVersionDocument,
  OpenApiDocument,
  OpenApiSchema,
} from './types';

export const OBJECT_META_SCHEMA =
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const LIST_META_SCHEMA = 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta';
const API_RESOURCE_LIST_SCHEMA =
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList';

/** Options for {@link buildCrdDocument}. */
export interface BuildCrdDocumentOptions {
  group: string;
  version: string;
  /** CRDs of `group` that serve `version`. */
  crds: CustomResourceDefinition[];
  /** ObjectMeta, ListMeta, Status, ... and what they reference. */
  metaSchemas: Record<string, OpenApiSchema>;
  source: 'crd' | 'hand-written';
}

/**
 * The schema name the apiserver gives a CRD kind: the group reversed, then
 * version and kind, e.g. `io.x-k8s.kueue.v1beta2.ClusterQueue`.
 */
export function crdSchemaName(group: string, version: string, kind: string) {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

/**
 * Builds the OpenAPI v3 document of one CRD group-version as the apiserver
 * publishes it: each kind's `openAPIV3Schema` with `metadata` pointing at
 * ObjectMeta and the `x-kubernetes-group-version-kind` extension, a list
 * kind, the shared meta schemas, and the resource paths.
 */
export function buildCrdDocument(
  options: BuildCrdDocumentOptions,
): GroupVersionDocument {
  const { group, version, crds, metaSchemas, source } = options;
  const schemas: Record<string, OpenApiSchema> = { ...metaSchemas };
  const kinds = new Map<string, string>();
  const customResourceSchemas = new Set<string>();
  const path = groupVersionPath({ group, version });
  const paths: Record<string, unknown> = {
    [`/${path}/`]: {
      get: {
        description: 'get available resources',
        operationId: `get${crdSchemaName(group, version, 'APIResources')}`,
        responses: {
          '200': {
            description: 'OK',
            content: {
              'application/json': {
                schema: {
                  $ref: `#/components/schemas/${API_RESOURCE_LIST_SCHEMA}`,
                },
              },
            },
          },
          '401': { description: 'Unauthorized' },
        },
      },
    },
  };

  for (const crd of crds) {
    const served = crd.spec.versions.find(v => v.name === version && v.served);
    if (!served) {
      continue;
    }
    const { kind, listKind } = crd.spec.names;
    const schemaName = crdSchemaName(group, version, kind);
    const listSchemaName = crdSchemaName(group, version, listKind);
    schemas[schemaName] = kindSchema(served.schema.openAPIV3Schema, {
      group,
      version,
      kind,
    });
    schemas[listSchemaName] = listSchema(schemaName, {
      group,
      version,
      kind: listKind,
    });
    kinds.set(kind, schemaName);
    kinds.set(listKind, listSchemaName);
    customResourceSchemas.add(schemaName).add(listSchemaName);
    Object.assign(
      paths,
      crdPaths({
        crd,
        version,
        schemaName,
        listSchemaName,
        hasStatus: served.subresources?.status !== undefined,
      }),
    );
  }

  const document: OpenApiDocument = {
    openapi: '3.0.0',
    info: { title: 'Kubernetes CRD Swagger', version: 'v0.1.0' },
    paths,
    components: {
      schemas,
      securitySchemes: {
        BearerToken: {
          type: 'apiKey',
          description: 'Bearer Token authentication',
          name: 'authorization',
          in: 'header',
        },
      },
    },
  };
  return {
    group,
    version,
    path,
    document,
    kinds,
    customResourceSchemas,
    source,
  };
}

function kindSchema(
  schema: OpenApiSchema,
  gvk: { group: string; version: string; kind: string },
): OpenApiSchema {
  return {
    ...schema,
    properties: {
      ...schema.properties,
      // The apiserver validates CR metadata as ObjectMeta and publishes it so.
      metadata: {
        description:
          "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
        allOf: [{ $ref: `#/components/schemas/${OBJECT_META_SCHEMA}` }],
      },
    },
    'x-kubernetes-group-version-kind': [gvk],
  };
}

function listSchema(
  itemSchemaName: string,
  gvk: { group: string; version: string; kind: string },
): OpenApiSchema {
  return {
    description: `${gvk.kind} is a list of ${gvk.kind.replace(/List$/, '')}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: { type: 'string' },
      items: {
        type: 'array',
        items: { $ref: `#/components/schemas/${itemSchemaName}` },
      },
      kind: { type: 'string' },
      metadata: {
        allOf: [{ $ref: `#/components/schemas/${LIST_META_SCHEMA}` }],
      },
    },
    'x-kubernetes-group-version-kind': [gvk],
  };
}
