import { fieldPath } from './fieldPath';
import type { SchemaShapes } from './SchemaShapes';
import type { OpenApiSchema } from './types';

/** The result of {@link pruneUnknownFields}. */
export interface PruneResult {
  /** A copy of the input without unknown fields and pruned nulls. */
  value: unknown;
  /** Paths of the unknown fields that were dropped, in document order. */
  unknownFields: string[];
}

/**
 * The apiserver's decoding step before validation: drops fields the schema
 * does not declare (reporting their paths, which `fieldValidation=Strict`
 * rejects and `Warn` returns as warnings) and drops `null` values of fields
 * that are not `nullable`, as Go decoding into a struct and CRD null pruning
 * do. So `creationTimestamp: null` is accepted, and a required field set to
 * null is reported as missing. Nothing beneath
 * `x-kubernetes-preserve-unknown-fields` is unknown.
 */
export function pruneUnknownFields(
  value: unknown,
  schema: OpenApiSchema,
  shapes: SchemaShapes,
): PruneResult {
  const unknownFields: string[] = [];
  const pruned = prune(value, schema, '', shapes, unknownFields);
  return { value: pruned, unknownFields };
}

function prune(
  value: unknown,
  schema: OpenApiSchema,
  path: string,
  shapes: SchemaShapes,
  unknown: string[],
): unknown {
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const shape = shapes.of(schema);
  if (Array.isArray(value)) {
    const items = shape.items;
    if (!items) {
      return structuredClone(value);
    }
    // Null elements stay: validation reports them unless nullable.
    return value.map((element, i) =>
      prune(element, items, fieldPath.index(path, i), shapes, unknown),
    );
  }
  if (!shape.objectLike) {
    // Untyped (opaque) or a type mismatch that validation reports.
    return structuredClone(value);
  }
  const out: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value)) {
    let childSchema = shape.properties.get(name);
    let childPath = fieldPath.child(path, name);
    if (!childSchema && typeof shape.additionalProperties === 'object') {
      childSchema = shape.additionalProperties;
      childPath = fieldPath.key(path, name);
    }
    if (!childSchema) {
      if (shape.additionalProperties === true || shape.preserveUnknownFields) {
        out[name] = structuredClone(child);
      } else {
        unknown.push(childPath);
      }
      continue;
    }
    if (child === null) {
      if (shapes.of(childSchema).nullable) {
        out[name] = null;
      }
      continue;
    }
    out[name] = prune(child, childSchema, childPath, shapes, unknown);
  }
  return out;
}
