import { PRESERVE_UNKNOWN } from './normalizeSchema';
import type { OpenApiSchema } from './types';

const REF_PREFIX = '#/components/schemas/';

/** What a value may hold under a schema, with `$ref` and `allOf` resolved. */
export interface SchemaShape {
  /** Declared fields. */
  properties: ReadonlyMap<string, OpenApiSchema>;
  /** Map values: a schema, `true` for anything, undefined for none. */
  additionalProperties?: OpenApiSchema | true;
  /** Array elements. */
  items?: OpenApiSchema;
  /** `x-kubernetes-preserve-unknown-fields: true`. */
  preserveUnknownFields: boolean;
  nullable: boolean;
  /** Whether the schema describes an object whose fields can be checked. */
  objectLike: boolean;
}

/**
 * Resolves schemas of one document into {@link SchemaShape}s, following
 * `$ref` into `components.schemas` and merging `allOf` (Kubernetes wraps
 * every reference in one) and `anyOf`/`oneOf` branches, whose fields a
 * structural schema must also declare at the top. Results are cached.
 */
export class SchemaShapes {
  private readonly cache = new WeakMap<OpenApiSchema, SchemaShape>();

  constructor(private readonly schemas: Record<string, OpenApiSchema>) {}

  /** The shape of a schema node. */
  of(schema: OpenApiSchema): SchemaShape {
    let shape = this.cache.get(schema);
    if (!shape) {
      shape = this.resolve(schema);
      this.cache.set(schema, shape);
    }
    return shape;
  }

  /** The schema a `#/components/schemas/...` reference points at. */
  deref(ref: string): OpenApiSchema | undefined {
    return ref.startsWith(REF_PREFIX)
      ? this.schemas[ref.slice(REF_PREFIX.length)]
      : undefined;
  }

  private resolve(root: OpenApiSchema): SchemaShape {
    const properties = new Map<string, OpenApiSchema>();
    const shape: SchemaShape = {
      properties,
      preserveUnknownFields: false,
      nullable: false,
      objectLike: false,
    };
    const seen = new Set<OpenApiSchema>();
    const visit = (schema: OpenApiSchema) => {
      if (seen.has(schema)) {
        return;
      }
      seen.add(schema);
      const types = schema.type === undefined ? [] : [schema.type].flat();
      if (types.includes('object') || schema.properties) {
        shape.objectLike = true;
      }
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        if (!properties.has(name)) {
          properties.set(name, property);
        }
      }
      const additional = schema.additionalProperties;
      if (additional === true && !shape.additionalProperties) {
        shape.additionalProperties = true;
        shape.objectLike = true;
      } else if (typeof additional === 'object') {
        shape.additionalProperties = additional;
        shape.objectLike = true;
      }
      shape.items ??= schema.items;
      if (schema[PRESERVE_UNKNOWN] === true) {
        shape.preserveUnknownFields = true;
        shape.objectLike = true;
      }
      shape.nullable ||= schema.nullable === true;
      const target = schema.$ref ? this.deref(schema.$ref) : undefined;
      if (target) {
        visit(target);
      }
      for (const branch of [
        ...(schema.allOf ?? []),
        ...(schema.anyOf ?? []),
        ...(schema.oneOf ?? []),
      ]) {
        visit(branch);
      }
    };
    visit(root);
    return shape;
  }
}
