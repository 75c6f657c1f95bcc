/**
 * Types shared by the schema layer: OpenAPI v3 schema nodes as Kubernetes
 * publishes them, the apiextensions/v1 CRD subset we read, and the shape of
 * validation results.
 */

/** A Kubernetes group, version and kind. The core group is `''`. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/**
 * One node of an OpenAPI v3 schema as found in Kubernetes documents and CRDs.
 * Only the keywords the schema layer reads are typed; the rest pass through.
 */
export interface OpenApiSchema {
  type?: string | string[];
  format?: string;
  description?: string;
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: boolean | OpenApiSchema;
  items?: OpenApiSchema;
  required?: string[];
  enum?: unknown[];
  nullable?: boolean;
  allOf?: OpenApiSchema[];
  anyOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  not?: OpenApiSchema;
  $ref?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
  [keyword: string]: unknown;
}

/** An OpenAPI v3 document as served at `/openapi/v3/<group-version>`. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, unknown>;
  components: {
    schemas: Record<string, OpenApiSchema>;
    [section: string]: unknown;
  };
}

/** The subset of an apiextensions.k8s.io/v1 CustomResourceDefinition we read. */
export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; annotations?: Record<string, string> };
  spec: {
    group: string;
    names: {
      kind: string;
      listKind: string;
      plural: string;
      singular: string;
      shortNames?: string[];
      categories?: string[];
    };
    scope: 'Namespaced' | 'Cluster';
    versions: Array<{
      name: string;
      served: boolean;
      storage: boolean;
      deprecated?: boolean;
      schema: { openAPIV3Schema: OpenApiSchema };
      subresources?: { status?: object; scale?: object };
    }>;
  };
}

/**
 * One API group-version and the OpenAPI v3 document that describes it: a real
 * Kubernetes document, or one built from CRDs the way the apiserver does.
 */
export interface GroupVersionDocument {
  group: string;
  version: string;
  /** Key in the `/openapi/v3` index: `api/v1` or `apis/<group>/<version>`. */
  path: string;
  document: OpenApiDocument;
  /** The file's exact text, for documents served unchanged. */
  raw?: string;
  /** Kind to its schema name in `document.components.schemas`. */
  kinds: ReadonlyMap<string, string>;
  /**
   * Schema names that came from CRDs. Those follow the apiserver's structural
   * pruning rules: an object with no declared fields keeps none.
   */
  customResourceSchemas: ReadonlySet<string>;
  /** Where the schemas come from. */
  source: 'kubernetes' | 'crd' | 'hand-written';
}

/**
 * Cause reasons, as in `metav1.CauseType`. `FieldValueUnknown` is ours: the
 * apiserver reports unknown fields as a 400 strict decoding error instead
 * (see `validationFailureStatus`).
 */
export type FieldCauseReason =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueTypeInvalid'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueUnknown';

/** One problem with one field, shaped like a `metav1.StatusCause`. */
export interface FieldCause {
  reason: FieldCauseReason;
  /** Field path in the apiserver's notation: `spec.containers[0].image`. */
  field: string;
  /** The apiserver's wording, e.g. `Required value`. */
  message: string;
}

/** Options for one `SchemaRegistry.validate` call. */
export interface ValidateOptions {
  /**
   * `fieldValidation=Strict`: report fields the schema does not declare.
   * Otherwise they are dropped from `object` and listed in `unknownFields`,
   * as the apiserver does for `Ignore` and `Warn`.
   */
  strictUnknownFields?: boolean;
}

/** The outcome of validating one object. */
export type ValidationResult =
  | {
      valid: true;
      /** A copy of the input without unknown fields and pruned nulls. */
      object: Record<string, unknown>;
      /** Paths of dropped unknown fields, for `fieldValidation=Warn`. */
      unknownFields: string[];
    }
  | {
      valid: false;
      causes: FieldCause[];
      unknownFields: string[];
    };
