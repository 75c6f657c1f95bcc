import { normalizeSchema } from './normalizeSchema';
import { pruneUnknownFields } from './pruneUnknownFields';
import { SchemaShapes } from './SchemaShapes';
import type { OpenApiSchema } from './types';

const objectMeta: OpenApiSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

/** A CRD-style (structural) schema exercising the Kubernetes extensions. */
const crd: OpenApiSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        template: { type: 'object', 'x-kubernetes-embedded-resource': true },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        empty: { type: 'object' },
        note: { type: 'string', nullable: true },
        count: { type: 'integer' },
        tags: { type: 'array', items: { type: 'string' } },
      },
    },
  },
};

function prune(value: unknown, structural = true) {
  const schemas = {
    Meta: normalizeSchema(objectMeta, { structural: false }),
    Kind: normalizeSchema(crd, {
      structural,
      objectMetaRef: '#/components/schemas/Meta',
    }),
  };
  return pruneUnknownFields(value, schemas.Kind, new SchemaShapes(schemas));
}

describe('pruneUnknownFields', () => {
  it('treats apiVersion, kind and metadata of embedded resources as declared', () => {
    const template = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'a', labels: { app: 'x' }, bogus: 1 },
      spec: { containers: [] },
    };
    expect(prune({ spec: { template } })).toEqual({
      value: {
        spec: {
          template: {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'a', labels: { app: 'x' } },
          },
        },
      },
      unknownFields: ['spec.template.metadata.bogus', 'spec.template.spec'],
    });
  });

  it('keeps everything beneath x-kubernetes-preserve-unknown-fields', () => {
    const extra = { anything: { deeply: [1, { nested: null }] } };
    expect(prune({ spec: { extra } })).toEqual({
      value: { spec: { extra } },
      unknownFields: [],
    });
  });

  it('keeps no fields of a structural object that declares none', () => {
    expect(prune({ spec: { empty: { a: 1 } } })).toEqual({
      value: { spec: { empty: {} } },
      unknownFields: ['spec.empty.a'],
    });
  });

  it('treats a bare object in a built-in schema as opaque', () => {
    expect(prune({ spec: { empty: { a: 1 } } }, false)).toEqual({
      value: { spec: { empty: { a: 1 } } },
      unknownFields: [],
    });
  });

  it('drops nulls of non-nullable fields and keeps nullable ones', () => {
    expect(prune({ spec: { note: null, count: null, tags: [null] } })).toEqual({
      value: { spec: { note: null, tags: [null] } },
      unknownFields: [],
    });
  });

  it('does not modify its input', () => {
    const input = { spec: { count: 1, unknown: true } };
    const copy = structuredClone(input);
    prune(input);
    expect(input).toEqual(copy);
  });
});

describe('normalizeSchema', () => {
  it('turns int-or-string and Quantity-style oneOf into type unions', () => {
    expect(
      normalizeSchema(
        {
          anyOf: [{ type: 'integer' }, { type: 'string' }],
          'x-kubernetes-int-or-string': true,
          description: 'dropped',
        },
        { structural: true },
      ),
    ).toEqual({
      type: ['integer', 'string'],
      'x-kubernetes-int-or-string': true,
    });
    expect(
      normalizeSchema(
        { oneOf: [{ type: 'string' }, { type: 'number' }] },
        { structural: false },
      ),
    ).toEqual({ type: ['string', 'number'] });
    expect(
      normalizeSchema(
        {
          format: 'int-or-string',
          oneOf: [{ type: 'integer' }, { type: 'string' }],
        },
        { structural: false },
      ),
    ).toEqual({ type: ['integer', 'string'] });
  });

  it('keeps only checked formats and compilable patterns', () => {
    expect(
      normalizeSchema(
        {
          type: 'integer',
          format: 'int32',
          minimum: 0,
          exclusiveMinimum: true,
        },
        { structural: true },
      ),
    ).toEqual({ type: 'integer', exclusiveMinimum: 0 });
    expect(
      normalizeSchema(
        { type: 'string', format: 'date-time', pattern: '(?i)abc' },
        { structural: true },
      ),
    ).toEqual({ type: 'string', format: 'date-time' });
  });
});
