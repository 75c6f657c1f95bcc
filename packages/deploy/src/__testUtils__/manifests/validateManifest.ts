import type { SchemaValidation } from '@ai-platform/cluster-sim';
import * as models from 'kubernetes-models';
import { KubernetesObject } from './readManifests';

interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: unknown): { validate(): void };
}

function isModelClass(value: unknown): value is ModelClass {
  const v = value as Partial<ModelClass> | undefined;
  return (
    typeof value === 'function' &&
    typeof v?.apiVersion === 'string' &&
    typeof v?.kind === 'string'
  );
}

/** The kubernetes-models class of an apiVersion and kind, if it has one. */
export function findModel(
  apiVersion: string,
  kind: string,
): ModelClass | undefined {
  for (const group of Object.values(models)) {
    for (const version of Object.values(group as Record<string, unknown>)) {
      for (const value of Object.values(version as Record<string, unknown>)) {
        if (
          isModelClass(value) &&
          value.apiVersion === apiVersion &&
          value.kind === kind
        ) {
          return value;
        }
      }
    }
  }
  return undefined;
}

/**
 * Validates one manifest document against the real schemas and returns its
 * problems (none when valid):
 * - kinds the shared fixtures hold (core, batch, RBAC, networking, Kueue)
 *   against the Kubernetes 1.35 OpenAPI documents, as the apiserver does
 *   under `fieldValidation=Strict` (unknown fields are errors);
 * - other kinds (apps/v1, policy/v1, ...) with their kubernetes-models
 *   class, which checks types, required fields and enums but not unknown
 *   fields; a pod template inside (`spec.template`) is then checked strictly
 *   against the core/v1 schema as well.
 */
export function validateManifest(
  object: KubernetesObject,
  schemas: SchemaValidation,
): string[] {
  const { registry } = schemas;
  const strict = (obj: unknown, prefix = '') => {
    const result = registry.validate(obj, { strictUnknownFields: true });
    return result.valid
      ? []
      : result.causes.map(c => `${prefix}${c.field}: ${c.message}`);
  };
  if (registry.hasSchema(object.apiVersion, object.kind)) return strict(object);
  const Model = findModel(object.apiVersion, object.kind);
  if (!Model) {
    return [`no schema for ${object.apiVersion} ${object.kind}`];
  }
  const problems: string[] = [];
  try {
    new Model(object).validate();
  } catch (error) {
    problems.push((error as Error).message);
  }
  const template = (object.spec as { template?: unknown } | undefined)
    ?.template;
  if (template) {
    problems.push(
      ...strict(
        {
          apiVersion: 'v1',
          kind: 'PodTemplate',
          metadata: { name: object.metadata.name },
          template,
        },
        'spec.',
      ),
    );
  }
  return problems;
}
