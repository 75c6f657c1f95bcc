import { LoggerService } from '@backstage/backend-plugin-api';
import { ModelVersion } from '@ai-platform/plugin-model-catalog-common';
import { z } from 'zod';
import {
  buildModelEntity,
  BuildModelEntityOptions,
  dedupeByName,
} from './buildModelEntity';
import { fetchJson } from './fetchJson';
import type { ModelSource, SourceSnapshot } from './types';

const tag = z.object({ key: z.string(), value: z.string().optional() });

/** `registered-models/search` of the MLflow REST API 2.0. */
const registeredModelsPage = z.object({
  registered_models: z
    .array(
      z
        .object({
          name: z.unknown().optional(),
          description: z.string().optional(),
          user_id: z.string().optional(),
          tags: z.array(tag).optional(),
          aliases: z
            .array(z.object({ alias: z.string(), version: z.string() }))
            .optional(),
        })
        .passthrough(),
    )
    .optional(),
  next_page_token: z.string().optional(),
});

/** `model-versions/search` of the MLflow REST API 2.0. */
const modelVersionsPage = z.object({
  model_versions: z
    .array(
      z
        .object({
          name: z.string(),
          version: z.union([z.string(), z.number()]),
          creation_timestamp: z.union([z.string(), z.number()]).optional(),
          current_stage: z.string().optional(),
          description: z.string().optional(),
          source: z.string().optional(),
          status: z.string().optional(),
          aliases: z.array(z.string()).optional(),
        })
        .passthrough(),
    )
    .optional(),
  next_page_token: z.string().optional(),
});

/** Options of {@link MlflowModelSource.create}. */
export interface MlflowModelSourceOptions extends BuildModelEntityOptions {
  id: string;
  /** The tracking server, for example `http://mlflow:5000`. */
  baseUrl: string;
  token?: string;
  /** Page size of both searches (default 1000, MLflow's maximum for registered models). */
  pageSize?: number;
  logger: LoggerService;
}

/**
 * Reads an MLflow Model Registry through its REST API 2.0: every registered
 * model (`registered-models/search`, paginated) with its tags and aliases,
 * and every version (`model-versions/search`, paginated) with stage,
 * aliases and source.
 */
export class MlflowModelSource implements ModelSource {
  readonly id: string;

  private constructor(private readonly options: MlflowModelSourceOptions) {
    this.id = `mlflow:${options.id}`;
  }

  static create(options: MlflowModelSourceOptions): MlflowModelSource {
    return new MlflowModelSource(options);
  }

  async read(): Promise<SourceSnapshot> {
    const models = await this.paginate(
      'registered-models/search',
      registeredModelsPage,
      page => page.registered_models ?? [],
    );
    const versions = await this.paginate(
      'model-versions/search',
      modelVersionsPage,
      page => page.model_versions ?? [],
    );
    const versionsByModel = new Map<string, ModelVersion[]>();
    for (const v of versions) {
      const list = versionsByModel.get(v.name) ?? [];
      const created = Number(v.creation_timestamp);
      list.push({
        version: String(v.version),
        ...(v.aliases?.length ? { aliases: v.aliases } : {}),
        ...(v.current_stage && v.current_stage !== 'None'
          ? { stage: v.current_stage }
          : {}),
        ...(Number.isFinite(created) && created > 0
          ? { createdAt: new Date(created).toISOString() }
          : {}),
        ...(v.source ? { artifactUri: v.source } : {}),
        ...(v.description ? { description: v.description } : {}),
      });
      versionsByModel.set(v.name, list);
    }

    const entities = [];
    let skipped = 0;
    for (const model of models) {
      if (typeof model.name !== 'string' || model.name.trim() === '') {
        skipped++;
        continue;
      }
      const properties: Record<string, string> = {};
      for (const t of model.tags ?? []) properties[t.key] = t.value ?? '';
      const modelVersions = (versionsByModel.get(model.name) ?? [])
        .map(v => ({
          ...v,
          aliases: [
            ...new Set([
              ...(v.aliases ?? []),
              ...(model.aliases ?? [])
                .filter(a => a.version === v.version)
                .map(a => a.alias),
            ]),
          ],
        }))
        .map(({ aliases, ...v }) => (aliases.length ? { ...v, aliases } : v))
        .sort((a, b) => Number(b.version) - Number(a.version));
      entities.push(
        buildModelEntity(
          {
            name: model.name,
            description: model.description,
            properties,
            versions: modelVersions,
            registryOwner: model.user_id,
            url: new URL(
              `#/models/${encodeURIComponent(model.name)}`,
              this.base(),
            ).toString(),
          },
          this.options,
        ),
      );
    }
    const deduped = dedupeByName(entities);
    if (skipped || deduped.duplicates.length) {
      this.options.logger.warn(
        'MLflow returned models that cannot be entities',
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

  private async paginate<P, T>(
    endpoint: string,
    schema: z.ZodType<P>,
    items: (page: P) => T[],
  ): Promise<T[]> {
    const all: T[] = [];
    let pageToken: string | undefined;
    const seenTokens = new Set<string>();
    do {
      const url = new URL(`api/2.0/mlflow/${endpoint}`, this.base());
      url.searchParams.set(
        'max_results',
        String(this.options.pageSize ?? 1000),
      );
      if (pageToken) url.searchParams.set('page_token', pageToken);
      const body = await fetchJson(url, { token: this.options.token });
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        throw new Error(
          `MLflow ${endpoint} answered with an unexpected shape: ${parsed.error.issues
            .slice(0, 3)
            .map(i => `${i.path.join('.')}: ${i.message}`)
            .join('; ')}`,
        );
      }
      all.push(...items(parsed.data));
      pageToken = (parsed.data as { next_page_token?: string }).next_page_token;
      if (pageToken && seenTokens.has(pageToken)) {
        throw new Error(`MLflow ${endpoint} repeated page token ${pageToken}`);
      }
      if (pageToken) seenTokens.add(pageToken);
    } while (pageToken);
    return all;
  }
}
