import type { ErrorObject } from 'ajv';
import { fieldPath } from './fieldPath';
import type { SchemaShape, SchemaShapes } from './SchemaShapes';
import type { FieldCause, OpenApiSchema } from './types';

/**
 * Turns ajv errors into status causes worded like the apiserver's CRD
 * validation (kube-openapi errors mapped to `field.Error`), e.g.
 * `Invalid value: "string": spec.replicas in body must be of type integer: "string"`.
 * Errors inside `anyOf`/`oneOf` branches are folded into the combinator's own.
 */
export function toFieldCauses(
  errors: readonly ErrorObject[],
  data: unknown,
  root: OpenApiSchema,
  shapes: SchemaShapes,
): FieldCause[] {
  const combinators = errors
    .filter(e => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .map(e => `${e.schemaPath}/`);
  const causes: FieldCause[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (combinators.some(prefix => error.schemaPath.startsWith(prefix))) {
      continue;
    }
    const { field, value } = locate(error.instancePath, data, root, shapes);
    const cause = toCause(error, field, value);
    const key = `${cause.field}\u0000${cause.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      causes.push(cause);
    }
  }
  return causes;
}

function toCause(
  error: ErrorObject,
  field: string,
  value: unknown,
): FieldCause {
  const params = error.params as Record<string, unknown>;
  const inBody = `${field} in body`;
  switch (error.keyword) {
    case 'required':
      return {
        reason: 'FieldValueRequired',
        field: fieldPath.child(field, String(params.missingProperty)),
        message: 'Required value',
      };
    case 'type': {
      const actual = jsonType(value);
      const expected = [params.type]
        .flat()
        .filter(t => t !== 'null')
        .join(',');
      return {
        reason: 'FieldValueTypeInvalid',
        field,
        message: `Invalid value: ${quote(
          actual,
        )}: ${inBody} must be of type ${expected}: ${quote(actual)}`,
      };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(v =>
        quote(typeof v === 'string' ? v : JSON.stringify(v)),
      );
      return {
        reason: 'FieldValueNotSupported',
        field,
        message: `Unsupported value: ${show(
          value,
        )}: supported values: ${allowed.join(', ')}`,
      };
    }
    case 'maxLength':
      return {
        reason: 'FieldValueTooLong',
        field,
        message: `Too long: may not be more than ${params.limit} bytes`,
      };
    case 'maxItems':
    case 'maxProperties':
      return {
        reason: 'FieldValueTooMany',
        field,
        message: `Too many: ${size(value)}: must have at most ${
          params.limit
        } items`,
      };
    default:
      return invalid(field, value, `${inBody} ${detail(error, value)}`);
  }
}

/** The kube-openapi wording of the remaining keywords. */
function detail(error: ErrorObject, value: unknown): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'pattern':
      return `should match '${params.pattern}'`;
    case 'format':
      return `must be of type ${params.format}: ${show(value)}`;
    case 'minLength':
      return `should be at least ${params.limit} chars long`;
    case 'minItems':
      return `should have at least ${params.limit} items`;
    case 'minProperties':
      return `should have at least ${params.limit} properties`;
    case 'uniqueItems':
      return "shouldn't contain duplicates";
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `should be ${comparisonWords(String(params.comparison))} ${
        params.limit
      }`;
    case 'multipleOf':
      return `should be a multiple of ${params.multipleOf}`;
    case 'anyOf':
      return 'must validate at least one schema (anyOf)';
    case 'oneOf':
      return 'must validate one and only one schema (oneOf)';
    case 'not':
      return 'must not validate the schema (not)';
    default:
      return error.message ?? `failed ${error.keyword}`;
  }
}

function comparisonWords(comparison: string): string {
  switch (comparison) {
    case '>=':
      return 'greater than or equal to';
    case '>':
      return 'greater than';
    case '<=':
      return 'less than or equal to';
    default:
      return 'less than';
  }
}

function invalid(field: string, value: unknown, message: string): FieldCause {
  const shown =
    Array.isArray(value) || (value !== null && typeof value === 'object')
      ? show(size(value))
      : show(value);
  return {
    reason: 'FieldValueInvalid',
    field,
    message: `Invalid value: ${shown}: ${message}`,
  };
}

/**
 * Follows a JSON pointer through the data and the schema at once, so map keys
 * can be told from declared fields.
 */
function locate(
  pointer: string,
  data: unknown,
  root: OpenApiSchema,
  shapes: SchemaShapes,
): { field: string; value: unknown } {
  let field = '';
  let value = data;
  let schema: OpenApiSchema | undefined = root;
  const segments =
    pointer === ''
      ? []
      : pointer
          .slice(1)
          .split('/')
          .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (const segment of segments) {
    const shape: SchemaShape | undefined = schema
      ? shapes.of(schema)
      : undefined;
    if (Array.isArray(value)) {
      field = fieldPath.index(field, Number(segment));
      value = value[Number(segment)];
      schema = shape?.items;
      continue;
    }
    const declared = shape?.properties.get(segment);
    if (declared || !shape?.additionalProperties) {
      field = fieldPath.child(field, segment);
      schema = declared;
    } else {
      field = fieldPath.key(field, segment);
      schema =
        shape.additionalProperties === true
          ? undefined
          : shape.additionalProperties;
    }
    value = (value as Record<string, unknown> | undefined)?.[segment];
  }
  return { field, value };
}

function jsonType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  return typeof value;
}

function size(value: unknown): number {
  if (Array.isArray(value)) {
    return value.length;
  }
  return value !== null && typeof value === 'object'
    ? Object.keys(value).length
    : 0;
}

/** Go's `%q`, close enough for messages. */
function quote(text: string): string {
  return JSON.stringify(text);
}

/** How `field.Error` prints a bad value: strings quoted, scalars bare. */
function show(value: unknown): string {
  if (typeof value === 'string') {
    return quote(value);
  }
  if (value === null || value === undefined) {
    return quote('null');
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
