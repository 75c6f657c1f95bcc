import { createHash } from 'node:crypto';
import { Entity } from '@backstage/catalog-model';
import {
  ComplianceStore,
  EntityEvaluation,
  StoredEntity,
  UnchangedEntities,
} from '../../database/types';
import { ownerRefOf, refOf, systemRefOf } from '../../facts/entityRefs';
import { EntityFacts, GroupInfo } from '../../facts/types';
import { waiversByEntity } from '../activeWaivers';
import { ComplianceEvaluator, isWaiverActive } from '../ComplianceEvaluator';
import { hashOf, titleOf } from './CatalogSnapshot';
import { FactGatherer } from './FactGatherer';

/** Evaluations per write. */
const SLICE = 1000;
/** Entities evaluated between two chances for pending writes to go on. */
const YIELD_EVERY = 100;

const yieldToWrites = () => new Promise(resolve => setImmediate(resolve));

/** Slices handed from the evaluating loop to the writing one. */
class SliceQueue<T> {
  private readonly slices: T[][] = [];
  private ended = false;
  private error: unknown;
  private wake?: () => void;

  push(slice: T[]) {
    if (slice.length) this.slices.push(slice);
    this.notify();
  }

  end() {
    this.ended = true;
    this.notify();
  }

  /** A failed producer: the writer throws, so the transaction rolls back. */
  fail(error: unknown) {
    this.error = error ?? new Error('Compliance evaluation failed');
    this.end();
  }

  async *drain(): AsyncGenerator<T[]> {
    for (;;) {
      if (this.error) throw this.error;
      const next = this.slices.shift();
      if (next) yield next;
      else if (this.ended) return;
      else await new Promise<void>(resolve => (this.wake = resolve));
    }
  }

  private notify() {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** What a batch needs besides its entities. */
export interface BatchContext {
  groups: Map<string, GroupInfo>;
  knownRefs: Set<string>;
  now: Date;
  /** The entities' stored rows, by ref (those not stored yet are missing). */
  stored: Map<string, StoredEntity>;
  /** The entities' hashes when already computed, by ref. */
  hashes?: Map<string, string>;
}

/** What a batch did. */
export interface BatchOutcome {
  /** Entities evaluated and written, with their new rows. */
  evaluated: StoredEntity[];
  /** Entities whose inputs had not changed: only their times were renewed. */
  unchanged: string[];
}

/**
 * What an evaluation reads, hashed: the definitions, the entity, its facts
 * (not their collection times) and the waivers in force for it.
 */
function inputsHashOf(
  fingerprint: string,
  entityHash: string,
  facts: EntityFacts[],
  activeWaiverIds: string[],
): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        fingerprint,
        entityHash,
        facts.map(f => [f.retriever, f.values, f.error ?? null]),
        activeWaiverIds,
      ]),
    )
    .digest('hex');
}

/**
 * Gathers facts for a batch of entities, evaluates those whose inputs
 * changed since their last evaluation (by {@link inputsHashOf}) and writes
 * them in one transaction; the others only get their times renewed.
 */
export class EntityBatchEvaluator {
  static create(options: {
    store: ComplianceStore;
    evaluator: ComplianceEvaluator;
    facts: FactGatherer;
  }) {
    return new EntityBatchEvaluator(options);
  }

  private constructor(
    private readonly options: Parameters<typeof EntityBatchEvaluator.create>[0],
  ) {}

  async evaluate(
    entities: Entity[],
    context: BatchContext,
  ): Promise<BatchOutcome> {
    const { store, evaluator, facts } = this.options;
    const { now, stored } = context;
    const evaluatedAt = now.toISOString();
    const gathered = await facts.gather(entities, context);
    const waivers = await waiversByEntity(store, now);
    const evaluated: StoredEntity[] = [];
    const unchanged: UnchangedEntities = {
      entityRefs: [],
      evaluatedAt,
      collected: [],
    };
    const collected = new Map<string, UnchangedEntities['collected'][number]>();
    const queue = new SliceQueue<EntityEvaluation>();
    // Evaluating and writing go together: the database writes a slice while
    // the next entities are evaluated, and it all commits at once.
    const produce = async () => {
      let slice: EntityEvaluation[] = [];
      for (let i = 0; i < entities.length; i++) {
        if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToWrites();
        const entity = entities[i];
        const ref = refOf(entity);
        const entityFacts = facts.factsOf(gathered, ref);
        const entityWaivers = waivers.get(ref) ?? [];
        const entityHash = context.hashes?.get(ref) ?? hashOf(entity);
        const inputsHash = inputsHashOf(
          evaluator.fingerprint,
          entityHash,
          entityFacts,
          entityWaivers
            .filter(w => isWaiverActive(w, now))
            .map(w => w.id)
            .sort(),
        );
        const before = stored.get(ref);
        if (before?.evaluatedAt && before.inputsHash === inputsHash) {
          unchanged.entityRefs.push(ref);
          for (const f of entityFacts) {
            const key = `${f.retriever}\u0000${f.collectedAt}`;
            const group = collected.get(key) ?? {
              retriever: f.retriever,
              collectedAt: f.collectedAt,
              entityRefs: [],
            };
            group.entityRefs.push(ref);
            collected.set(key, group);
          }
          continue;
        }
        const kind = entity.kind.toLocaleLowerCase('en-US');
        const { results, scores } = evaluator.evaluateStatuses({
          entityRef: ref,
          kind,
          facts: entityFacts,
          waivers: entityWaivers,
          now,
        });
        slice.push({
          entity: {
            entityRef: ref,
            kind,
            title: titleOf(entity),
            ownerRef: ownerRefOf(entity),
            systemRef: systemRefOf(entity),
            hash: entityHash,
            inputsHash,
            evaluatedAt,
          },
          facts: entityFacts,
          results,
          scores,
        });
        evaluated.push(slice[slice.length - 1].entity);
        if (slice.length >= SLICE) {
          queue.push(slice);
          slice = [];
        }
      }
      queue.push(slice);
    };
    const [, superseded] = await Promise.all([
      produce().then(
        () => queue.end(),
        error => queue.fail(error),
      ),
      store.writeEvaluationStream(queue.drain()),
    ]);
    unchanged.collected = [...collected.values()];
    await store.markUnchanged(unchanged);
    // Re-checked after this batch read its facts: the newer result stands.
    const newer = new Set(superseded);
    return {
      evaluated: evaluated.filter(e => !newer.has(e.entityRef)),
      unchanged: unchanged.entityRefs,
    };
  }
}
