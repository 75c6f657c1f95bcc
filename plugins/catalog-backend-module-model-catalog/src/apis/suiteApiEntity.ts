import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ApiEntityV1alpha1,
} from '@backstage/catalog-model';
import { stringify } from 'yaml';
import { OpenApiDocument } from './fetchOpenApiDocument';
import { SuiteApisConfig } from './readSuiteApisConfig';

/** Display names of the suite's APIs; others are named after their document. */
const TITLES: Record<string, string> = {
  'gpu-provisioning': 'GPU provisioning API',
  'gpu-metrics': 'GPU usage API',
  cost: 'Cost API',
  compliance: 'Compliance API',
};

/** The catalog name of a plugin's API entity: `<plugin id>-api`. @public */
export function suiteApiEntityName(pluginId: string): string {
  return `${pluginId}-api`;
}

/** The first sentence of a document's description, for the entity's. */
function firstSentence(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.indexOf('. ');
  return (end === -1 ? flat : flat.slice(0, end + 1)).slice(0, 300);
}

/**
 * The API entity of a plugin: its OpenAPI document as served, inline as
 * YAML, so the catalog needs no URL reading or file access to show it.
 */
export function suiteApiEntity(options: {
  pluginId: string;
  document: OpenApiDocument;
  /** Where the document was read, for `backstage.io/managed-by-location`. */
  documentUrl: string;
  config: SuiteApisConfig;
}): ApiEntityV1alpha1 {
  const { pluginId, document, documentUrl, config } = options;
  const location = `url:${documentUrl}`;
  const description = firstSentence(document.info.description);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: {
      name: suiteApiEntityName(pluginId),
      title: TITLES[pluginId] ?? `${document.info.title} API`,
      ...(description ? { description } : {}),
      tags: ['ai-platform'],
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
      },
    },
    spec: {
      type: 'openapi',
      lifecycle: config.lifecycle,
      owner: config.owner,
      ...(config.system ? { system: config.system } : {}),
      definition: stringify(document),
    },
  };
}
