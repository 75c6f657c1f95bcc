import type { OpenApiSchema } from './types';

/** Vendor extensions the pruner reads; ajv treats them as annotations. */
export const PRESERVE_UNKNOWN = 'x-kubernetes-preserve-unknown-fields';
export const EMBEDDED_RESOURCE = 'x-kubernetes-embedded-resource';
export const INT_OR_STRING = 'x-kubernetes-int-or-string';

/** Formats we check; the apiserver ignores formats it does not know. */
const CHECKED_FORMATS = new Set(['date-time', 'byte']);

/** Keywords that affect validation or pruning; the rest are documentation. */
const KEPT_KEYWORDS = new Set([
  'type',
  'format',
  'properties',
  'additionalProperties',
  'items',
  'required',
  'enum',
  'nullable',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  '$ref',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  PRESERVE_UNKNOWN,
  EMBEDDED_RESOURCE,
  INT_OR_STRING,
]);

/** Options for {@link normalizeSchema}. */
export interface NormalizeSchemaOptions {
  /**
   * True for CRD schemas. Built-in types are opaque where their schema is a
   * bare `type: object` (FieldsV1, RawExtension); in a structural CRD schema
   * such an object keeps no fields at all.
   */
  structural: boolean;
  /** `$ref` used for the `metadata` of embedded resources. */
  objectMetaRef?: string;
}

/**
 * Rewrites a Kubernetes OpenAPI v3 schema into plain JSON Schema that ajv
 * validates with Kubernetes semantics. It drops documentation, turns
 * int-or-string and `oneOf` type lists (Quantity) into type unions, so errors
 * read `must be of type integer,string`, converts OpenAPI 3.0 boolean
 * exclusive bounds, keeps only the formats we check, drops patterns JavaScript
 * cannot compile, and declares the implicit fields of embedded resources.
 */
export function normalizeSchema(
  schema: OpenApiSchema,
  options: NormalizeSchemaOptions,
): OpenApiSchema {
  const out: OpenApiSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (KEPT_KEYWORDS.has(keyword)) {
      out[keyword] = value;
    }
  }
  if (schema.properties) {
    out.properties = mapValues(schema.properties, s =>
      normalizeSchema(s, options),
    );
  }
  if (typeof schema.additionalProperties === 'object') {
    out.additionalProperties = normalizeSchema(
      schema.additionalProperties,
      options,
    );
  }
  if (schema.items && !Array.isArray(schema.items)) {
    out.items = normalizeSchema(schema.items, options);
  }
  for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = schema[combinator];
    if (branches) {
      out[combinator] = branches.map(s => normalizeSchema(s, options));
    }
  }
  if (schema.not) {
    out.not = normalizeSchema(schema.not, options);
  }

  normalizeTypes(out, schema);
  normalizeBounds(out);
  if (out.pattern !== undefined && !compiles(out.pattern)) {
    // Go RE2 syntax JavaScript lacks; the apiserver would check it, we cannot.
    delete out.pattern;
  }
  if (out[EMBEDDED_RESOURCE]) {
    declareEmbeddedResourceFields(out, options.objectMetaRef);
  }
  if (!options.structural && isBareObject(out)) {
    out[PRESERVE_UNKNOWN] = true;
  }
  return out;
}

function normalizeTypes(out: OpenApiSchema, original: OpenApiSchema): void {
  const intOrString =
    original[INT_OR_STRING] === true || original.format === 'int-or-string';
  if (out.format !== undefined && !CHECKED_FORMATS.has(out.format)) {
    delete out.format;
  }
  if (intOrString) {
    out.type = ['integer', 'string'];
    dropTypeOnlyBranches(out);
  } else if (out.type === undefined) {
    // Quantity is `oneOf: [{type: string}, {type: number}]`.
    for (const combinator of ['oneOf', 'anyOf'] as const) {
      const types = typeOnlyBranches(out[combinator]);
      if (types) {
        out.type = types;
        delete out[combinator];
      }
    }
  }
  if (out.nullable && out.type === undefined) {
    // ajv requires a type beside nullable; without one null is accepted anyway.
    delete out.nullable;
  }
}

function dropTypeOnlyBranches(out: OpenApiSchema): void {
  for (const combinator of ['oneOf', 'anyOf'] as const) {
    if (typeOnlyBranches(out[combinator])) {
      delete out[combinator];
    }
  }
}

function typeOnlyBranches(
  branches: OpenApiSchema[] | undefined,
): string[] | undefined {
  if (!branches || branches.length === 0) {
    return undefined;
  }
  const types: string[] = [];
  for (const branch of branches) {
    const keys = Object.keys(branch);
    if (
      keys.length !== 1 ||
      keys[0] !== 'type' ||
      typeof branch.type !== 'string'
    ) {
      return undefined;
    }
    types.push(branch.type);
  }
  return types;
}

/** OpenAPI 3.0 `exclusiveMinimum: true` becomes JSON Schema's number form. */
function normalizeBounds(out: OpenApiSchema): void {
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[exclusive] === 'boolean') {
      if (out[exclusive] && typeof out[bound] === 'number') {
        out[exclusive] = out[bound];
        delete out[bound];
      } else {
        delete out[exclusive];
      }
    }
  }
}

function declareEmbeddedResourceFields(
  out: OpenApiSchema,
  objectMetaRef: string | undefined,
): void {
  out.type = 'object';
  out.properties = {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: objectMetaRef
      ? { allOf: [{ $ref: objectMetaRef }] }
      : { type: 'object', [PRESERVE_UNKNOWN]: true },
    ...out.properties,
  };
  out.required = [...new Set([...(out.required ?? []), 'apiVersion', 'kind'])];
}

function isBareObject(schema: OpenApiSchema): boolean {
  return (
    schema.type === 'object' &&
    !schema.properties &&
    schema.additionalProperties === undefined &&
    !schema.$ref &&
    !schema.allOf &&
    !schema.anyOf &&
    !schema.oneOf
  );
}

function compiles(pattern: string): boolean {
  try {
    // Same flags ajv uses with `unicodeRegExp: false`.
    RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

function mapValues<T, U>(
  record: Record<string, T>,
  fn: (value: T) => U,
): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [key, value] of Object.entries(record)) {
    out[key] = fn(value);
  }
  return out;
}
