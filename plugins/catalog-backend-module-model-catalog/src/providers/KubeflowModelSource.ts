import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ModelVersion } from '@ai-platform/plugin-model-catalog-common';
import { z } from 'zod';
import {
  buildModelEntity,
  BuildModelEntityOptions,
  dedupeByName,
} from './buildModelEntity';
import { fetchJson } from './fetchJson';
import type { ModelSource, SourceSnapshot } from './types';

const API = 'api/model_registry/v1alpha3';

/** A `MetadataValue` of `customProperties`: one of the typed variants. */
const metadataValue = z
  .object({
    metadataType: z.string().optional(),
    string_value: z.string().optional(),
    int_value: z.union([z.string(), z.number()]).optional(),
    double_value: z.number().optional(),
    bool_value: z.boolean().optional(),
  })
  .passthrough();

const customProperties = z.record(z.string(), metadataValue).optional();

const page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    items: z.array(item).nullish(),
    nextPageToken: z.string().nullish(),
    pageSize: z.number().optional(),
    size: z.number().optional(),
  });

const registeredModel = z
  .object({
    id: z.string(),
    name: z.unknown().optional(),
    description: z.string().nullish(),
    owner: z.string().nullish(),
    state: z.string().nullish(),
    customProperties,
  })
  .passthrough();

const modelVersion = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullish(),
    state: z.string().nullish(),
    createTimeSinceEpoch: z.union([z.string(), z.number()]).nullish(),
    customProperties,
  })
  .passthrough();

const artifact = z
  .object({
    artifactType: z.string().optional(),
    uri: z.string().nullish(),
    modelFormatName: z.string().nullish(),
  })
  .passthrough();

/** Options of {@link KubeflowModelSource.create}. */
export interface KubeflowModelSourceOptions extends BuildModelEntityOptions {
  id: string;
  /** The model registry's REST endpoint, for example `http://model-registry:8080`. */
  baseUrl: string;
  token?: string;
  /** Page size (default 100). */
  pageSize?: number;
  /** Models whose versions are read at once (default 8). */
  concurrency?: number;
  logger: LoggerService;
}

function propertyStrings(
  props: z.infer<typeof customProperties>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(props ?? {})) {
    const value =
      v.string_value ?? v.int_value ?? v.double_value ?? v.bool_value;
    if (value !== undefined) out[key] = String(value);
  }
  return out;
}

/**
 * Reads a Kubeflow Model Registry through its REST API
 * (`/api/model_registry/v1alpha3`): registered models with their custom
 * properties, each model's versions, and each version's model artifacts.
 */
export class KubeflowModelSource implements ModelSource {
  readonly id: string;

  private constructor(private readonly options: KubeflowModelSourceOptions) {
    this.id = `kubeflow:${options.id}`;
  }

  static create(options: KubeflowModelSourceOptions): KubeflowModelSource {
    return new KubeflowModelSource(options);
  }

  async read(): Promise<SourceSnapshot> {
    const models = await this.paginate('registered_models', registeredModel);
    const entities: Entity[] = [];
    let skipped = 0;
    const queue = [...models];
    const results: Entity[] = [];
    const worker = async () => {
      for (let model = queue.shift(); model; model = queue.shift()) {
        if (typeof model.name !== 'string' || model.name.trim() === '') {
          skipped++;
          continue;
        }
        const versions = await this.paginate(
          `registered_models/${encodeURIComponent(model.id)}/versions`,
          modelVersion,
        );
        const mapped: ModelVersion[] = [];
        let formatName: string | undefined;
        for (const v of versions) {
          const artifacts = await this.paginate(
            `model_versions/${encodeURIComponent(v.id)}/artifacts`,
            artifact,
          );
          const modelArtifact = artifacts.find(
            a => !a.artifactType || a.artifactType === 'model-artifact',
          );
          const created = Number(v.createTimeSinceEpoch);
          const props = propertyStrings(v.customProperties);
          mapped.push({
            version: v.name,
            ...(props.aliases
              ? {
                  aliases: props.aliases
                    .split(',')
                    .map(a => a.trim())
                    .filter(Boolean),
                }
              : {}),
            ...(v.state ? { stage: v.state } : {}),
            ...(Number.isFinite(created) && created > 0
              ? { createdAt: new Date(created).toISOString() }
              : {}),
            ...(modelArtifact?.uri ? { artifactUri: modelArtifact.uri } : {}),
            ...(v.description ? { description: v.description } : {}),
          });
          formatName ??= modelArtifact?.modelFormatName ?? undefined;
        }
        const properties = propertyStrings(model.customProperties);
        if (!properties.framework && formatName) {
          properties.framework = formatName;
        }
        results.push(
          buildModelEntity(
            {
              name: model.name,
              description: model.description ?? undefined,
              properties,
              versions: mapped.reverse(),
              registryOwner: model.owner ?? undefined,
              registryLifecycle:
                model.state === 'ARCHIVED' ? 'deprecated' : undefined,
            },
            this.options,
          ),
        );
      }
    };
    await Promise.all(
      Array.from({ length: this.options.concurrency ?? 8 }, worker),
    );
    entities.push(...results);
    entities.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const deduped = dedupeByName(entities);
    if (skipped || deduped.duplicates.length) {
      this.options.logger.warn(
        'Kubeflow Model Registry returned models that cannot be entities',
        {
          source: this.id,
          withoutName: skipped,
          duplicateNames: deduped.duplicates.join(', '),
        },
      );
    }
    return { entities: deduped.entities };
  }

  private base(): string {
    return this.options.baseUrl.endsWith('/')
      ? this.options.baseUrl
      : `${this.options.baseUrl}/`;
  }

  private async paginate<T extends z.ZodTypeAny>(
    path: string,
    item: T,
  ): Promise<Array<z.infer<T>>> {
    const schema = page(item);
    const all: Array<z.infer<T>> = [];
    const seenTokens = new Set<string>();
    let token: string | undefined;
    do {
      const url = new URL(`${API}/${path}`, this.base());
      url.searchParams.set('pageSize', String(this.options.pageSize ?? 100));
      if (token) url.searchParams.set('nextPageToken', token);
      const body = await fetchJson(url, { token: this.options.token });
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        throw new Error(
          `Kubeflow Model Registry ${path} answered with an unexpected shape: ${parsed.error.issues
            .slice(0, 3)
            .map(i => `${i.path.join('.')}: ${i.message}`)
            .join('; ')}`,
        );
      }
      all.push(...((parsed.data.items ?? []) as Array<z.infer<T>>));
      token = parsed.data.nextPageToken || undefined;
      if (token && seenTokens.has(token)) {
        // The registry answers the last page with the token it was asked for.
        break;
      }
      if (token) seenTokens.add(token);
      if ((parsed.data.items ?? []).length === 0) break;
    } while (token);
    return all;
  }
}
