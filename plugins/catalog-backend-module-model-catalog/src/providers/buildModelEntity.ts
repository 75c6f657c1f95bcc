import { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import {
  ANNOTATION_DATA_CLASSIFICATION,
  ANNOTATION_MODEL_CARD,
  MODEL_RESOURCE_TYPE,
  ModelVersion,
} from '@ai-platform/plugin-model-catalog-common';
import { toEntityName, trimDashes } from './entityName';

/**
 * Registry tag (MLflow) or custom property (Kubeflow) keys the providers
 * read, and the entity field each fills. Values are strings in both
 * registries; numbers and JSON are parsed here, and a value that does not
 * parse is passed on as it is so the processor reports it on the entity.
 */
export const REGISTRY_PROPERTY_KEYS = {
  owner: 'spec.owner',
  lifecycle: 'spec.lifecycle',
  system: 'spec.system',
  tags: 'metadata.tags (comma-separated)',
  data_classification: `metadata.annotations["${ANNOTATION_DATA_CLASSIFICATION}"]`,
  model_card: `metadata.annotations["${ANNOTATION_MODEL_CARD}"]`,
  task: 'spec.model.task',
  framework: 'spec.model.framework',
  parameters: 'spec.model.parameters (number)',
  precision: 'spec.model.precision',
  quantization: 'spec.model.quantization',
  context_length: 'spec.model.contextLength (number)',
  license: 'spec.model.license',
  base_model:
    'spec.model.baseModel and spec.dependsOn (an entity ref, or the name of a model in the same registry)',
  datasets: 'spec.model.datasets (comma-separated)',
  evaluations: 'spec.model.evaluations (JSON array)',
  intended_use: 'spec.model.intendedUse',
  limitations: 'spec.model.limitations',
  training_data_classification: 'spec.model.trainingDataClassification',
  fits_on: 'spec.model.fitsOn (comma-separated GPU class ids)',
} as const;

/** What a registry tells about one model. */
export interface RegistryModel {
  /** The model's name in the registry. */
  name: string;
  description?: string;
  /** Tags or custom properties, as strings. */
  properties: Record<string, string>;
  versions: ModelVersion[];
  /** Owner the registry itself records, used when it is an entity ref. */
  registryOwner?: string;
  /** Lifecycle implied by the registry's state, for example `deprecated` for archived models. */
  registryLifecycle?: string;
  /** Link to the model in the registry's UI. */
  url?: string;
}

/** How a provider turns registry models into entities. */
export interface BuildModelEntityOptions {
  namespace: string;
  defaultOwner: string;
  /** Display name of the registry, for the link title. */
  registryTitle: string;
}

const list = (value: string) =>
  value
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);

const numberOrRaw = (value: string): number | string => {
  const n = Number(value.replace(/_/g, ''));
  return value.trim() !== '' && Number.isFinite(n) ? n : value;
};

const jsonOrRaw = (value: string): unknown => {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

/** A catalog tag (linear: `-` separates the repeated parts). */
export const TAG = /^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/;
/** A registry owner that looks like an entity ref. */
export const LOOKS_LIKE_REF = /^([a-z0-9-]+:)?([a-z0-9-_.]+\/)?[a-z0-9-_.]+$/i;

/** The entity ref of a base model named in a registry. */
export function baseModelRef(value: string, namespace: string): string {
  if (value.includes(':')) return value;
  return `resource:${namespace}/${toEntityName(value)}`;
}

/**
 * A model `Resource` (`spec.type: ai-model`) for a registry model. The
 * processor validates `spec.model` later; nothing is dropped here.
 */
export function buildModelEntity(
  model: RegistryModel,
  options: BuildModelEntityOptions,
): Entity {
  const p = model.properties;
  const spec: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined && value !== '') spec[key] = value;
  };
  set('task', p.task);
  set('framework', p.framework);
  set('parameters', p.parameters && numberOrRaw(p.parameters));
  set('precision', p.precision);
  set('quantization', p.quantization);
  set('contextLength', p.context_length && numberOrRaw(p.context_length));
  set('license', p.license);
  const baseModel = p.base_model
    ? baseModelRef(p.base_model, options.namespace)
    : undefined;
  set('baseModel', baseModel);
  set('datasets', p.datasets && list(p.datasets));
  set('evaluations', p.evaluations && jsonOrRaw(p.evaluations));
  set('intendedUse', p.intended_use);
  set('limitations', p.limitations);
  set('trainingDataClassification', p.training_data_classification);
  set('fitsOn', p.fits_on && list(p.fits_on));
  if (model.versions.length > 0) spec.versions = model.versions;

  const annotations: Record<string, string> = {};
  if (p.data_classification) {
    annotations[ANNOTATION_DATA_CLASSIFICATION] = p.data_classification;
  }
  if (p.model_card) annotations[ANNOTATION_MODEL_CARD] = p.model_card;

  const owner =
    p.owner ||
    (model.registryOwner && LOOKS_LIKE_REF.test(model.registryOwner)
      ? model.registryOwner
      : undefined) ||
    options.defaultOwner;
  const tags = p.tags
    ? list(p.tags)
        .map(t => t.toLocaleLowerCase('en-US').replace(/[^a-z0-9:+#]+/g, '-'))
        .map(trimDashes)
        .filter(t => t.length <= 63 && TAG.test(t))
    : [];

  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: toEntityName(model.name),
      namespace: options.namespace,
      title: model.name,
      ...(model.description ? { description: model.description } : {}),
      ...(tags.length ? { tags: [...new Set(tags)] } : {}),
      annotations,
      ...(model.url
        ? {
            links: [
              {
                url: model.url,
                title: `${options.registryTitle}`,
                icon: 'dashboard',
              },
            ],
          }
        : {}),
    },
    spec: {
      type: MODEL_RESOURCE_TYPE,
      owner,
      lifecycle: p.lifecycle || model.registryLifecycle || 'production',
      ...(p.system ? { system: p.system } : {}),
      ...(baseModel ? { dependsOn: [baseModel] } : {}),
      model: spec as JsonObject,
    },
  };
}

/** Keeps the first of several models that map to the same entity name, and says which were dropped. */
export function dedupeByName(entities: Entity[]): {
  entities: Entity[];
  duplicates: string[];
} {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const kept = entities.filter(e => {
    if (seen.has(e.metadata.name)) {
      duplicates.push(e.metadata.title ?? e.metadata.name);
      return false;
    }
    seen.add(e.metadata.name);
    return true;
  });
  return { entities: kept, duplicates };
}
