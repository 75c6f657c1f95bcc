import {
  AI_PLATFORM_ANNOTATIONS,
  AI_PLATFORM_LABELS,
} from '@ai-platform/plugin-ai-platform-common';
import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_SERVED_MODEL,
  MODEL_SERVER_API_TYPE,
  MODEL_SERVER_COMPONENT_TYPE,
} from '@ai-platform/plugin-model-catalog-common';
import {
  CoreV1Api,
  CustomObjectsApi,
  V1Namespace,
} from '@kubernetes/client-node';
import { toEntityName } from './entityName';
import type { ReadableCluster } from './kubernetesClusters';
import type { ModelSource, SourceSnapshot } from './types';

/** The KServe kinds read, with the protocol their endpoint speaks. */
const KINDS = [
  {
    kind: 'InferenceService',
    group: 'serving.kserve.io',
    version: 'v1beta1',
    plural: 'inferenceservices',
  },
  {
    kind: 'LLMInferenceService',
    group: 'serving.kserve.io',
    version: 'v1alpha1',
    plural: 'llminferenceservices',
  },
] as const;

/** Namespace label the GPU provisioning grants and the demo fleet set to the owning team's name. */
export const NAMESPACE_TEAM_LABEL = AI_PLATFORM_LABELS.team;
/** Namespace annotation GPU provisioning grants set to the owning team's entity ref. */
export const NAMESPACE_TEAM_REF_ANNOTATION = AI_PLATFORM_ANNOTATIONS.teamRef;

/** Finds the owner of a namespace from catalog entities (`backstage.io/kubernetes-namespace`). */
export type NamespaceOwnerLookup = (
  namespace: string,
) => Promise<string | undefined>;

/** Options of {@link KServeModelServerSource.create}. */
export interface KServeModelServerSourceOptions {
  cluster: ReadableCluster;
  /** Catalog namespace of the entities (default `default`). */
  namespace: string;
  /** Owner when no rule finds one. */
  defaultOwner: string;
  lookupNamespaceOwner?: NamespaceOwnerLookup;
  logger: LoggerService;
  auditor?: AuditorService;
}

interface KServeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
  };
  spec?: Record<string, any>;
  status?: {
    url?: string;
    address?: { url?: string };
    conditions?: Array<{ type?: string; status?: string }>;
  };
}

/**
 * Reads KServe `InferenceService` (v1beta1) and `LLMInferenceService`
 * (v1alpha1) objects of one cluster and makes each a model-server
 * `Component` that provides an `ai-model-server` `API` and depends on the
 * model it serves (its `ai-platform.io/model` annotation).
 *
 * Ownership of a server is the owner of its namespace, first of:
 * 1. the namespace's `ai-platform.io/team-ref` annotation (an entity ref, set by GPU provisioning grants);
 * 2. its `ai-platform.io/team` label (a group name in the entity namespace);
 * 3. the owner of a catalog entity annotated `backstage.io/kubernetes-namespace: <namespace>`;
 * 4. the configured `defaultOwner`.
 */
export class KServeModelServerSource implements ModelSource {
  readonly id: string;

  private constructor(
    private readonly options: KServeModelServerSourceOptions,
  ) {
    this.id = `kserve:${options.cluster.name}`;
  }

  static create(
    options: KServeModelServerSourceOptions,
  ): KServeModelServerSource {
    return new KServeModelServerSource(options);
  }

  async read(): Promise<SourceSnapshot> {
    const { cluster, auditor } = this.options;
    const event = await auditor?.createEvent({
      eventId: 'model-servers-read',
      severityLevel: 'low',
      meta: { cluster: cluster.name },
    });
    try {
      const custom = cluster.kubeConfig.makeApiClient(CustomObjectsApi);
      const core = cluster.kubeConfig.makeApiClient(CoreV1Api);
      const namespaces = new Map<string, V1Namespace>();
      for (const ns of (await core.listNamespace()).items) {
        if (ns.metadata?.name) namespaces.set(ns.metadata.name, ns);
      }
      const objects: KServeObject[] = [];
      for (const k of KINDS) {
        try {
          const list = await custom.listClusterCustomObject({
            group: k.group,
            version: k.version,
            plural: k.plural,
          });
          for (const item of (list?.items ?? []) as KServeObject[]) {
            objects.push({ ...item, kind: k.kind });
          }
        } catch (error) {
          if ((error as { code?: number }).code === 404) {
            this.options.logger.debug('KServe kind not served by cluster', {
              cluster: cluster.name,
              kind: k.kind,
            });
            continue;
          }
          throw error;
        }
      }
      const owners = new Map<string, string>();
      const entities: Entity[] = [];
      for (const object of objects) {
        const ns = object.metadata?.namespace;
        const name = object.metadata?.name;
        if (!ns || !name) continue;
        if (!owners.has(ns)) {
          owners.set(ns, await this.ownerOf(ns, namespaces.get(ns)));
        }
        entities.push(...this.toEntities(object, ns, name, owners.get(ns)!));
      }
      await event?.success({ meta: { servers: objects.length } });
      return { entities };
    } catch (error) {
      await event?.fail({ error: error as Error });
      throw error;
    }
  }

  private async ownerOf(
    namespace: string,
    object: V1Namespace | undefined,
  ): Promise<string> {
    const ref = object?.metadata?.annotations?.[NAMESPACE_TEAM_REF_ANNOTATION];
    if (ref) return ref;
    const team = object?.metadata?.labels?.[NAMESPACE_TEAM_LABEL];
    if (team) return `group:${this.options.namespace}/${team}`;
    const fromCatalog = await this.options.lookupNamespaceOwner?.(namespace);
    return fromCatalog ?? this.options.defaultOwner;
  }

  private toEntities(
    object: KServeObject,
    namespace: string,
    name: string,
    owner: string,
  ): Entity[] {
    const cluster = this.options.cluster.name;
    const entityNamespace = this.options.namespace;
    const entityName = toEntityName(`${name}-${namespace}-${cluster}`);
    const apiRef = stringifyEntityRef({
      kind: 'API',
      namespace: entityNamespace,
      name: entityName,
    });
    const model = object.metadata?.annotations?.[ANNOTATION_SERVED_MODEL];
    const url = object.status?.url ?? object.status?.address?.url;
    const ready =
      object.status?.conditions?.find(c => c.type === 'Ready')?.status ===
      'True';
    const isLlm = object.kind === 'LLMInferenceService';
    const storage: string | undefined = isLlm
      ? object.spec?.model?.uri
      : object.spec?.predictor?.model?.storageUri;
    const format: string | undefined = isLlm
      ? 'vllm'
      : object.spec?.predictor?.model?.modelFormat?.name;
    const description = `KServe ${
      object.kind
    } ${namespace}/${name} on ${cluster}${
      storage ? `, serving ${storage}` : ''
    }${ready ? '' : ' (not ready)'}`;
    const annotations = {
      'backstage.io/kubernetes-namespace': namespace,
      'backstage.io/kubernetes-label-selector': `serving.kserve.io/${
        isLlm ? 'llminferenceservice' : 'inferenceservice'
      }=${name}`,
      [AI_PLATFORM_ANNOTATIONS.kubernetesCluster]: cluster,
      ...(model ? { [ANNOTATION_SERVED_MODEL]: model } : {}),
    };
    const links = url ? [{ url, title: 'Endpoint' }] : [];
    const tags = ['kserve', ...(format ? [toEntityName(format)] : [])];
    const component: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: entityName,
        namespace: entityNamespace,
        title: `${name} (${cluster})`,
        description,
        tags,
        annotations,
        links,
      },
      spec: {
        type: MODEL_SERVER_COMPONENT_TYPE,
        lifecycle: 'production',
        owner,
        providesApis: [apiRef],
        ...(model ? { dependsOn: [model] } : {}),
      },
    };
    const api: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: {
        name: entityName,
        namespace: entityNamespace,
        title: `${name} endpoint (${cluster})`,
        description: `Inference endpoint of ${namespace}/${name} on ${cluster}`,
        tags,
        annotations,
        links,
      },
      spec: {
        type: MODEL_SERVER_API_TYPE,
        lifecycle: 'production',
        owner,
        definition: endpointDefinition({
          name,
          url,
          openAi: isLlm || format === 'huggingface' || format === 'vllm',
        }),
      },
    };
    return [component, api];
  }
}

function endpointDefinition(options: {
  name: string;
  url?: string;
  openAi: boolean;
}): string {
  const paths = options.openAi
    ? ['/v1/models', '/v1/completions', '/v1/chat/completions']
    : [
        `/v1/models/${options.name}`,
        `/v1/models/${options.name}:predict`,
        `/v2/models/${options.name}/infer`,
      ];
  return [
    'openapi: 3.0.3',
    'info:',
    `  title: ${JSON.stringify(options.name)}`,
    '  version: "1"',
    ...(options.url
      ? ['servers:', `  - url: ${JSON.stringify(options.url)}`]
      : []),
    'paths:',
    ...paths.flatMap(p => [
      `  ${JSON.stringify(p)}:`,
      `    ${
        p.endsWith('models') || p === `/v1/models/${options.name}`
          ? 'get'
          : 'post'
      }:`,
      '      responses:',
      "        '200':",
      '          description: OK',
    ]),
  ].join('\n');
}
