import Ajv, { type ValidateFunction } from 'ajv';
import { OBJECT_META_SCHEMA } from './buildCrdDocument';
import { FIXTURES_DIR_ENV, findFixturesDir } from './findFixturesDir';
import { parseApiVersion } from './groupVersion';
import { loadGroupVersionDocuments } from './loadGroupVersionDocuments';
import {
  EMBEDDED_RESOURCE,
  INT_OR_STRING,
  normalizeSchema,
  PRESERVE_UNKNOWN,
} from './normalizeSchema';
import { pruneUnknownFields } from './pruneUnknownFields';
import { SchemaShapes } from './SchemaShapes';
import { toFieldCauses } from './toFieldCauses';
import type {
  FieldCause,
  GroupVersionDocument,
  GroupVersionKind,
  OpenApiSchema,
  ValidateOptions,
  ValidationResult,
} from './types';

/** Options for {@link SchemaRegistry.load}. */
export interface SchemaRegistryLoadOptions {
  /** Defaults to {@link findFixturesDir}. */
  fixturesDir?: string;
}

/** A group-version document prepared for ajv. */
interface PreparedDocument {
  id: string;
  schemas: Record<string, OpenApiSchema>;
  shapes: SchemaShapes;
}

interface CompiledKind {
  validate: ValidateFunction;
  root: OpenApiSchema;
  shapes: SchemaShapes;
}

const DOCUMENT_ID_BASE = 'https://cluster-sim.invalid/openapi/v3/';
const RFC3339 =
  /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The schemas of every API the simulator serves: the real Kubernetes 1.35
 * OpenAPI v3 documents (core v1, batch/v1, rbac.authorization.k8s.io/v1,
 * networking.k8s.io/v1), the Kueue v0.19.2 CRDs (v1beta1 and v1beta2), the
 * KAI Scheduler v0.17.0 and Volcano v1.15.1 Queue CRDs, and hand-written
 * KServe InferenceService and PolicyReport schemas.
 *
 * Objects are checked the way the apiserver decodes and validates them:
 * unknown fields are pruned (or reported, for `fieldValidation=Strict`),
 * nulls of non-nullable fields are dropped, then the object is validated with
 * an ajv validator compiled for its kind on first use.
 */
export class SchemaRegistry {
  private readonly ajv = createAjv();
  private readonly byGroupVersion = new Map<string, GroupVersionDocument>();
  private readonly prepared = new Map<string, PreparedDocument>();
  private readonly compiled = new Map<string, CompiledKind>();

  private constructor(private readonly docs: GroupVersionDocument[]) {
    for (const doc of docs) {
      this.byGroupVersion.set(`${doc.group}/${doc.version}`, doc);
    }
  }

  /**
   * Reads the documents and CRDs from the fixtures directory.
   *
   * @throws when the fixtures directory or one of its documents is missing
   */
  static load(options: SchemaRegistryLoadOptions = {}): SchemaRegistry {
    const fixturesDir = options.fixturesDir ?? findFixturesDir();
    if (!fixturesDir) {
      throw new Error(
        `Kubernetes schema fixtures not found: set ${FIXTURES_DIR_ENV} or provide <repo root>/../shared/fixtures (kubernetes/openapi-v3, kueue/crds)`,
      );
    }
    try {
      return new SchemaRegistry(loadGroupVersionDocuments(fixturesDir));
    } catch (error) {
      throw new Error(
        `Cannot load Kubernetes schemas from ${fixturesDir}: ${
          (error as Error).message
        }`,
      );
    }
  }

  /** Whether objects of this apiVersion and kind can be validated. */
  hasSchema(apiVersion: string, kind: string): boolean {
    return this.lookup(apiVersion, kind) !== undefined;
  }

  /** Every kind with a schema, list kinds (`PodList`) left out. */
  kinds(): Array<{ group: string; version: string; kind: string }> {
    const out: GroupVersionKind[] = [];
    for (const { group, version, kinds } of this.docs) {
      for (const kind of kinds.keys()) {
        const isList = kind.endsWith('List') && kinds.has(kind.slice(0, -4));
        if (!isList) {
          out.push({ group, version, kind });
        }
      }
    }
    return out;
  }

  /** The group-version documents, for serving `/openapi/v3`. */
  documents(): readonly GroupVersionDocument[] {
    return this.docs;
  }

  /**
   * Validates an object against the schema of its apiVersion and kind.
   * On success, `object` is the object as the apiserver would store it:
   * without unknown fields and without nulls of non-nullable fields.
   * Defaults are not applied.
   */
  validate(obj: unknown, options: ValidateOptions = {}): ValidationResult {
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      return failure([
        {
          reason: 'FieldValueTypeInvalid',
          field: '',
          message: 'Invalid value: the object must be a JSON object',
        },
      ]);
    }
    const { apiVersion, kind } = obj as Record<string, unknown>;
    const missing = [
      ['apiVersion', apiVersion],
      ['kind', kind],
    ]
      .filter(([, value]) => typeof value !== 'string' || value === '')
      .map(
        ([field]): FieldCause => ({
          reason: 'FieldValueRequired',
          field: String(field),
          message: 'Required value',
        }),
      );
    if (missing.length > 0) {
      return failure(missing);
    }
    const compiled = this.compile(String(apiVersion), String(kind));
    if (!compiled) {
      return failure([
        {
          reason: 'FieldValueNotSupported',
          field: 'kind',
          message: `Unsupported value: ${JSON.stringify(
            kind,
          )}: no schema for kind ${JSON.stringify(
            kind,
          )} in version ${JSON.stringify(apiVersion)}`,
        },
      ]);
    }

    const pruned = pruneUnknownFields(obj, compiled.root, compiled.shapes);
    const causes: FieldCause[] = options.strictUnknownFields
      ? pruned.unknownFields.map(field => ({
          reason: 'FieldValueUnknown',
          field,
          message: `unknown field ${JSON.stringify(field)}`,
        }))
      : [];
    if (!compiled.validate(pruned.value)) {
      causes.push(
        ...toFieldCauses(
          compiled.validate.errors ?? [],
          pruned.value,
          compiled.root,
          compiled.shapes,
        ),
      );
    }
    if (causes.length > 0) {
      return failure(causes, pruned.unknownFields);
    }
    return {
      valid: true,
      object: pruned.value as Record<string, unknown>,
      unknownFields: pruned.unknownFields,
    };
  }

  private lookup(
    apiVersion: string,
    kind: string,
  ): { doc: GroupVersionDocument; schemaName: string } | undefined {
    const { group, version } = parseApiVersion(apiVersion);
    const doc = this.byGroupVersion.get(`${group}/${version}`);
    const schemaName = doc?.kinds.get(kind);
    return doc && schemaName ? { doc, schemaName } : undefined;
  }

  private compile(apiVersion: string, kind: string): CompiledKind | undefined {
    const key = `${apiVersion}\u0000${kind}`;
    const cached = this.compiled.get(key);
    if (cached) {
      return cached;
    }
    const found = this.lookup(apiVersion, kind);
    if (!found) {
      return undefined;
    }
    const prepared = this.prepare(found.doc);
    const compiled: CompiledKind = {
      validate: this.ajv.compile({
        $ref: `${prepared.id}#/components/schemas/${found.schemaName}`,
      }),
      root: prepared.schemas[found.schemaName],
      shapes: prepared.shapes,
    };
    this.compiled.set(key, compiled);
    return compiled;
  }

  /** Normalizes a document's schemas and registers them with ajv, once. */
  private prepare(doc: GroupVersionDocument): PreparedDocument {
    const existing = this.prepared.get(doc.path);
    if (existing) {
      return existing;
    }
    const schemas: Record<string, OpenApiSchema> = {};
    for (const [name, schema] of Object.entries(
      doc.document.components.schemas,
    )) {
      schemas[name] = normalizeSchema(schema, {
        structural: doc.customResourceSchemas.has(name),
        objectMetaRef: `#/components/schemas/${OBJECT_META_SCHEMA}`,
      });
    }
    const prepared: PreparedDocument = {
      id: `${DOCUMENT_ID_BASE}${doc.path}`,
      schemas,
      shapes: new SchemaShapes(schemas),
    };
    this.ajv.addSchema({ $id: prepared.id, components: { schemas } });
    this.prepared.set(doc.path, prepared);
    return prepared;
  }
}

function failure(
  causes: FieldCause[],
  unknownFields: string[] = [],
): ValidationResult {
  return { valid: false, causes, unknownFields };
}

function createAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    // The documents carry OpenAPI keywords and vendor extensions.
    strict: false,
    logger: false,
    // Patterns are Go regular expressions; most compile without the u flag.
    unicodeRegExp: false,
    // Skip meta-validating megabytes of schemas we did not write.
    validateSchema: false,
  });
  ajv.addVocabulary([PRESERVE_UNKNOWN, EMBEDDED_RESOURCE, INT_OR_STRING]);
  ajv.addFormat('date-time', RFC3339);
  ajv.addFormat('byte', BASE64);
  return ajv;
}
