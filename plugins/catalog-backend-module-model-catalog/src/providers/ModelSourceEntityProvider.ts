import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_MODEL_SOURCE,
  ANNOTATION_MODEL_SOURCE_ERROR,
} from '@ai-platform/plugin-model-catalog-common';
import type { ModelSource } from './types';

/**
 * A source's failure as catalog readers may see it (in an entity annotation
 * and the processor's errors): named by the source's id, with any URL cut
 * out, since registry and cluster addresses are configuration. The whole
 * error is logged.
 */
export function publicError(sourceId: string, error: unknown): string {
  const text = stringifyError(error).replace(/https?:\/\/\S*/gi, '<url>');
  return `model source '${sourceId}' could not be read: ${text}`.slice(0, 1000);
}

/** The outcome of one refresh. */
export type RefreshOutcome =
  | { ok: true; entities: number; attempts: number }
  | { ok: false; error: string; attempts: number; keptEntities: number };

/** Options of {@link ModelSourceEntityProvider.create}. */
export interface ModelSourceEntityProviderOptions {
  /** `<X>EntityProvider:<id>`. */
  name: string;
  source: ModelSource;
  /** Where the entities come from, for `backstage.io/managed-by-location`. */
  locationRef: string;
  logger: LoggerService;
  /** Runs the refresh; none means the caller calls `refresh()`. */
  taskRunner?: SchedulerServiceTaskRunner;
  /** Reads of the source before a refresh counts as failed (default 3). */
  attempts?: number;
  /** Delay before the first retry, doubled for each next one (default 2000 ms). */
  retryDelayMs?: number;
}

/**
 * Turns a {@link ModelSource} into catalog entities with a full mutation per
 * successful read. A read that fails is retried with backoff; when it still
 * fails the error is logged and, if the provider has a good read from earlier
 * in this process, those entities are applied again with
 * `ai-platform.io/model-source-error` so the catalog shows the error on them.
 * Without one nothing is applied, so the catalog keeps what it has: a failing
 * source never empties the catalog.
 */
export class ModelSourceEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private lastGood?: Entity[];

  private constructor(
    private readonly options: Required<
      Omit<ModelSourceEntityProviderOptions, 'taskRunner'>
    > & { taskRunner?: SchedulerServiceTaskRunner },
  ) {}

  static create(
    options: ModelSourceEntityProviderOptions,
  ): ModelSourceEntityProvider {
    return new ModelSourceEntityProvider({
      attempts: 3,
      retryDelayMs: 2000,
      ...options,
    });
  }

  getProviderName(): string {
    return this.options.name;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    const { taskRunner, name } = this.options;
    if (taskRunner) {
      await taskRunner.run({
        id: name,
        fn: async () => {
          await this.refresh();
        },
      });
    }
  }

  /** Reads the source and applies what it holds; never throws. */
  async refresh(): Promise<RefreshOutcome> {
    const { source, attempts, retryDelayMs, name } = this.options;
    const logger = this.options.logger.child({ provider: name });
    if (!this.connection) {
      throw new Error(`${name} is not connected to the catalog`);
    }
    let lastError = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const started = Date.now();
        const { entities } = await source.read();
        const prepared = entities.map(e => this.withAnnotations(e));
        await this.connection.applyMutation({
          type: 'full',
          entities: prepared.map(entity => ({
            entity,
            locationKey: name,
          })),
        });
        this.lastGood = entities;
        logger.info('Read model source', {
          source: source.id,
          entities: entities.length,
          attempt,
          durationMs: Date.now() - started,
        });
        return { ok: true, entities: entities.length, attempts: attempt };
      } catch (error) {
        lastError = publicError(source.id, error);
        logger.warn('Reading model source failed', {
          source: source.id,
          attempt,
          attempts,
          error: stringifyError(error),
          cause: String((error as Error)?.cause ?? ''),
        });
        if (attempt < attempts) {
          await new Promise(r =>
            setTimeout(r, retryDelayMs * 2 ** (attempt - 1)),
          );
        }
      }
    }
    const kept = this.lastGood ?? [];
    logger.error('Model source failed; keeping its entities', {
      source: source.id,
      error: lastError,
      keptEntities: kept.length,
    });
    if (kept.length > 0) {
      const message = `${new Date().toISOString()} ${lastError}`.slice(0, 1000);
      try {
        await this.connection.applyMutation({
          type: 'full',
          entities: kept.map(e => ({
            entity: this.withAnnotations(e, message),
            locationKey: name,
          })),
        });
      } catch (error) {
        logger.error('Could not mark the kept entities with the error', {
          error: stringifyError(error),
        });
      }
    }
    return {
      ok: false,
      error: lastError,
      attempts,
      keptEntities: kept.length,
    };
  }

  private withAnnotations(entity: Entity, error?: string): Entity {
    const { locationRef, source } = this.options;
    const annotations: Record<string, string> = {
      ...entity.metadata.annotations,
      [ANNOTATION_LOCATION]: locationRef,
      [ANNOTATION_ORIGIN_LOCATION]: locationRef,
      [ANNOTATION_MODEL_SOURCE]: source.id,
    };
    if (error) {
      annotations[ANNOTATION_MODEL_SOURCE_ERROR] = error;
    } else {
      delete annotations[ANNOTATION_MODEL_SOURCE_ERROR];
    }
    return { ...entity, metadata: { ...entity.metadata, annotations } };
  }
}
