import { Waiver } from '@ai-platform/plugin-compliance-common';
import { ComplianceStore, StoredEntity } from '../database/types';
import { EntityFacts } from '../facts/types';
import { withActivity } from './activeWaivers';
import { ComplianceEvaluator, EvaluationOutput } from './ComplianceEvaluator';

/**
 * Scores an entity from its stored facts against the waivers in force now,
 * without gathering: an expired or new waiver counts at once.
 */
export class StoredFactsScorer {
  static create(options: {
    store: ComplianceStore;
    evaluator: ComplianceEvaluator;
    now: () => Date;
  }) {
    return new StoredFactsScorer(options.store, options.evaluator, options.now);
  }

  private constructor(
    private readonly store: ComplianceStore,
    private readonly evaluator: ComplianceEvaluator,
    private readonly now: () => Date,
  ) {}

  /** The entity's results and scores now, with the facts and waivers they came from. */
  async score(
    entity: StoredEntity,
  ): Promise<
    EvaluationOutput & { facts: EntityFacts[]; waivers: Waiver[]; now: Date }
  > {
    const now = this.now();
    const facts = await this.store.getFacts(entity.entityRef);
    const waivers = withActivity(
      await this.store.listWaivers(entity.entityRef),
      now,
    );
    const output = this.evaluator.evaluate({
      entityRef: entity.entityRef,
      kind: entity.kind,
      facts,
      waivers,
      now,
    });
    return { ...output, facts, waivers, now };
  }

  /** Scores the entity again and stores the outcome (after a waiver changed). */
  async rescore(entityRef: string): Promise<void> {
    const entity = await this.store.getEntity(entityRef);
    if (!entity) return;
    const { facts, results, scores, now } = await this.score(entity);
    await this.store.writeEvaluations([
      {
        // No inputs hash: the next run evaluates it again with the waivers it reads.
        entity: {
          ...entity,
          inputsHash: undefined,
          evaluatedAt: now.toISOString(),
        },
        facts,
        results,
        scores,
      },
    ]);
  }
}
