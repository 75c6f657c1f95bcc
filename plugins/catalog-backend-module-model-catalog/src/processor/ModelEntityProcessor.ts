import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import {
  CatalogProcessor,
  LocationSpec,
  CatalogProcessorCache,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_MODEL_SOURCE_ERROR,
  ANNOTATION_SERVED_MODEL,
  fitsOnGpuClasses,
  getModelMetadata,
  gpuMemoryByPrecision,
  GpuClassMemory,
  isModelEntity,
  isModelServerEntity,
  ModelMetadata,
  ModelPrecision,
  MODEL_PRECISIONS,
  validateModelMetadata,
} from '@ai-platform/plugin-model-catalog-common';
import type { JsonObject } from '@backstage/types';
import { ModelCardReader } from '../modelCards/ModelCardReader';
import { parseModelCard } from '../modelCards/parseModelCard';

/** Options of {@link ModelEntityProcessor.create}. */
export interface ModelEntityProcessorOptions {
  modelCards: ModelCardReader;
  /** GPU classes `fitsOn` is computed for; none leaves `fitsOn` as written. */
  gpuClasses: GpuClassMemory[];
  logger: LoggerService;
}

const CARD_CACHE_KEY = 'model-card';

interface CachedCard {
  etag?: string;
  metadata: ModelMetadata;
}

/**
 * Completes and validates model entities (`Resource`, `spec.type: ai-model`)
 * and model servers.
 *
 * Before the built-in processors it reads the model card
 * (`ai-platform.io/model-card`) and fills the `spec.model` fields the entity
 * leaves out from its front matter, and fills `gpuMemoryGiB` and `fitsOn` from
 * `parameters`. Afterwards it validates `spec.model` against the convention's
 * schema and emits the lineage relations. Every problem becomes an entity
 * error through `processingResult.inputError`, never an exception.
 */
export class ModelEntityProcessor implements CatalogProcessor {
  private constructor(private readonly options: ModelEntityProcessorOptions) {}

  static create(options: ModelEntityProcessorOptions): ModelEntityProcessor {
    return new ModelEntityProcessor(options);
  }

  getProcessorName(): string {
    return 'ModelEntityProcessor';
  }

  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
    _originLocation: LocationSpec,
    cache: CatalogProcessorCache,
  ): Promise<Entity> {
    if (!isModelEntity(entity)) return entity;
    const written = entity.spec.model;
    if (
      written !== undefined &&
      (written === null ||
        typeof written !== 'object' ||
        Array.isArray(written))
    ) {
      return entity; // reported by postProcessEntity
    }
    let model: ModelMetadata = { ...getModelMetadata(entity) };
    const fromCard = await this.readCard(entity, location, emit, cache);
    if (fromCard) {
      model = { ...fromCard, ...model };
    }
    if (typeof model.parameters === 'number' && model.parameters > 0) {
      const memory = gpuMemoryByPrecision(model.parameters);
      model.gpuMemoryGiB ??= memory;
      const precision: ModelPrecision = MODEL_PRECISIONS.includes(
        model.precision as ModelPrecision,
      )
        ? (model.precision as ModelPrecision)
        : 'bf16';
      const needed = model.gpuMemoryGiB[precision] ?? memory[precision];
      if (!model.fitsOn && this.options.gpuClasses.length > 0) {
        model.fitsOn = fitsOnGpuClasses(needed, this.options.gpuClasses);
      }
    }
    return {
      ...entity,
      spec: { ...entity.spec, model: model as JsonObject },
    };
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const selfRef = getCompoundEntityRef(entity);
    if (isModelEntity(entity)) {
      const sourceError =
        entity.metadata.annotations?.[ANNOTATION_MODEL_SOURCE_ERROR];
      if (sourceError) {
        emit(
          processingResult.inputError(
            location,
            `The model source of ${stringifyEntityRef(
              entity,
            )} failed; the catalog keeps its last good copy: ${sourceError}`,
          ),
        );
      }
      const validation = validateModelMetadata(entity.spec.model ?? {});
      if (!validation.ok) {
        for (const error of validation.errors) {
          emit(
            processingResult.inputError(
              location,
              `${stringifyEntityRef(entity)}: ${error}`,
            ),
          );
        }
        return entity;
      }
      const base = validation.value.baseModel;
      if (base) this.emitDependsOn(selfRef, base, entity, emit);
    } else if (isModelServerEntity(entity)) {
      const served = entity.metadata.annotations?.[ANNOTATION_SERVED_MODEL];
      if (served) {
        try {
          this.emitDependsOn(selfRef, served, entity, emit);
        } catch (error) {
          emit(
            processingResult.inputError(
              location,
              `${stringifyEntityRef(
                entity,
              )}: ${ANNOTATION_SERVED_MODEL} must be an entity ref: ${stringifyError(
                error,
              )}`,
            ),
          );
        }
      }
    }
    return entity;
  }

  /** Emits dependsOn/dependencyOf unless `spec.dependsOn` already lists the target (the built-in processor emits those). */
  private emitDependsOn(
    source: ReturnType<typeof getCompoundEntityRef>,
    ref: string,
    entity: Entity,
    emit: CatalogProcessorEmit,
  ) {
    const target = parseEntityRef(ref, {
      defaultKind: 'resource',
      defaultNamespace: source.namespace,
    });
    const targetRef = stringifyEntityRef(target);
    const listed = (
      (entity.spec?.dependsOn as string[] | undefined) ?? []
    ).some(r => {
      try {
        return (
          stringifyEntityRef(
            parseEntityRef(r, { defaultNamespace: source.namespace }),
          ) === targetRef
        );
      } catch {
        return false;
      }
    });
    if (listed) return;
    emit(
      processingResult.relation({
        source,
        type: RELATION_DEPENDS_ON,
        target,
      }),
    );
    emit(
      processingResult.relation({
        source: target,
        type: RELATION_DEPENDENCY_OF,
        target: source,
      }),
    );
  }

  private async readCard(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
    cache: CatalogProcessorCache,
  ): Promise<ModelMetadata | undefined> {
    const { modelCards } = this.options;
    let where = 'model card';
    try {
      const target = modelCards.resolve(entity);
      if (!target) return undefined;
      where = `model card ${target.type === 'url' ? target.url : target.path}`;
      const cached = (await cache.get<JsonObject>(CARD_CACHE_KEY)) as
        | CachedCard
        | undefined;
      const content = await modelCards.read(target, { etag: cached?.etag });
      if (!content) {
        if (cached) {
          await cache.set(CARD_CACHE_KEY, cached as unknown as JsonObject);
          return cached.metadata;
        }
        return undefined;
      }
      const parsed = parseModelCard(content.text);
      const value: CachedCard = {
        ...(content.etag ? { etag: content.etag } : {}),
        metadata: parsed.metadata,
      };
      await cache.set(CARD_CACHE_KEY, value as unknown as JsonObject);
      return parsed.metadata;
    } catch (error) {
      this.options.logger.debug('Could not read a model card', {
        entity: stringifyEntityRef(entity),
        error: stringifyError(error),
      });
      emit(
        processingResult.inputError(
          location,
          `${stringifyEntityRef(
            entity,
          )}: could not read its ${where}: ${stringifyError(error)}`,
        ),
      );
      return undefined;
    }
  }
}
