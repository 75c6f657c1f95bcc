import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { refOf } from '../../facts/entityRefs';
import { EntityFacts, FactContext, FactRetriever } from '../../facts/types';

/** Facts by retriever id, then by entity ref. */
export type GatheredFacts = Map<string, Map<string, EntityFacts>>;

/**
 * Runs every fact retriever over the entities at once; a retriever that
 * fails gives each entity an `error` fact instead of failing the run.
 */
export class FactGatherer {
  static create(options: {
    retrievers: FactRetriever[];
    logger: LoggerService;
  }) {
    return new FactGatherer(options.retrievers, options.logger);
  }

  private constructor(
    private readonly retrievers: FactRetriever[],
    private readonly logger: LoggerService,
  ) {}

  /** The retriever ids, in the order facts are listed for an entity. */
  ids(): string[] {
    return this.retrievers.map(r => r.id);
  }

  async gather(
    entities: Entity[],
    context: FactContext,
  ): Promise<GatheredFacts> {
    const out: GatheredFacts = new Map();
    if (!entities.length) return out;
    await Promise.all(
      this.retrievers.map(async retriever => {
        try {
          out.set(retriever.id, await retriever.retrieve(entities, context));
        } catch (error) {
          // The error may carry a configured address: logged, not stored.
          const message = `The ${retriever.id} facts could not be gathered; see the backend logs`;
          this.logger.error('Compliance fact retriever failed', {
            retriever: retriever.id,
            error: String(error),
          });
          out.set(
            retriever.id,
            new Map(
              entities.map(e => [
                refOf(e),
                {
                  retriever: retriever.id,
                  collectedAt: context.now.toISOString(),
                  values: {},
                  error: message,
                },
              ]),
            ),
          );
        }
      }),
    );
    return out;
  }

  /** One entity's facts, in retriever order. */
  factsOf(facts: GatheredFacts, entityRef: string): EntityFacts[] {
    return this.retrievers
      .map(r => facts.get(r.id)?.get(entityRef))
      .filter((f): f is EntityFacts => !!f);
  }
}
