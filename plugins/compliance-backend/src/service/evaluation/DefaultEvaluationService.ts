import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { complianceEvaluationRunPermission } from '@ai-platform/plugin-compliance-common';
import { ComplianceStore, StoredEntity } from '../../database/types';
import { ownerRefOf, refOf, systemRefOf } from '../../facts/entityRefs';
import { FrameworkRegistry } from '../../frameworks/FrameworkRegistry';
import { waiversByEntity } from '../activeWaivers';
import { CallAuditor } from '@ai-platform/plugin-ai-platform-node';
import { ComplianceAccess } from '../ComplianceAccess';
import { ComplianceEvaluator } from '../ComplianceEvaluator';
import { CallContext, EvaluationService, RunSummary } from '../types';
import { CatalogSnapshot, hashOf, titleOf } from './CatalogSnapshot';
import { FactGatherer } from './FactGatherer';
import { HistoryRecorder } from './HistoryRecorder';

/**
 * Evaluation runs: reads the catalog, gathers facts, evaluates checks,
 * stores results and scores, removes entities gone from the catalog and
 * records the day's history. One run at a time in this process; the
 * scheduler keeps replicas apart.
 */
export class DefaultEvaluationService implements EvaluationService {
  private running: Promise<RunSummary> | undefined;

  static create(options: {
    store: ComplianceStore;
    registry: FrameworkRegistry;
    evaluator: ComplianceEvaluator;
    catalog: CatalogSnapshot;
    facts: FactGatherer;
    history: HistoryRecorder;
    access: ComplianceAccess;
    audit: CallAuditor;
    logger: LoggerService;
    now: () => Date;
  }) {
    return new DefaultEvaluationService(options);
  }

  private constructor(
    private readonly options: Parameters<
      typeof DefaultEvaluationService.create
    >[0],
  ) {}

  runFull(): Promise<RunSummary> {
    return this.exclusive(() => this.run('full'));
  }

  runIncremental(): Promise<RunSummary> {
    return this.exclusive(() => this.run('incremental'));
  }

  evaluateNow(ctx: CallContext): Promise<RunSummary> {
    return this.options.audit.run(
      ctx,
      {
        eventId: 'evaluation-run',
        severityLevel: 'low',
        successMeta: summary => ({ ...summary }),
      },
      async () => {
        await this.options.access.require(
          ctx,
          complianceEvaluationRunPermission,
          'start a compliance evaluation',
        );
        return this.runFull();
      },
    );
  }

  private async exclusive(fn: () => Promise<RunSummary>) {
    while (this.running) await this.running.catch(() => undefined);
    this.running = fn();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async run(mode: 'full' | 'incremental'): Promise<RunSummary> {
    const { store, evaluator, facts, logger } = this.options;
    const started = Date.now();
    const now = this.options.now();
    const evaluatedKinds = new Set(
      this.options.registry.checks().flatMap(c => c.kinds),
    );
    const { entities, groups } = await this.options.catalog.read(
      evaluatedKinds,
    );
    const stored = new Map(
      (await store.listEntities()).map(e => [e.entityRef, e]),
    );
    const hashes = new Map(entities.map(e => [refOf(e), hashOf(e)]));
    const toEvaluate =
      mode === 'full'
        ? entities
        : await this.changedSinceLastRun(entities, stored, hashes, now);
    // Groups are kept for their titles; their tree is the catalog's.
    await store.upsertEntities(
      [...groups.values()].map(g => ({
        entityRef: g.ref,
        kind: 'group',
        title: g.title,
        hash: '',
      })),
    );
    const knownRefs = new Set([...hashes.keys(), ...groups.keys()]);
    const gathered = await facts.gather(toEvaluate, {
      groups,
      knownRefs,
      now,
    });
    const waivers = await waiversByEntity(store, now);
    const evaluations = toEvaluate.map(entity => {
      const ref = refOf(entity);
      const entityFacts = facts.factsOf(gathered, ref);
      const kind = entity.kind.toLocaleLowerCase('en-US');
      const { results, scores } = evaluator.evaluate({
        entityRef: ref,
        kind,
        facts: entityFacts,
        waivers: waivers.get(ref) ?? [],
        now,
      });
      return {
        entity: {
          entityRef: ref,
          kind,
          title: titleOf(entity),
          ownerRef: ownerRefOf(entity),
          systemRef: systemRefOf(entity),
          hash: hashes.get(ref)!,
          evaluatedAt: now.toISOString(),
        },
        facts: entityFacts,
        results,
        scores,
      };
    });
    await store.writeEvaluations(evaluations);
    const removed = [...stored.keys()].filter(ref => !knownRefs.has(ref));
    await store.removeEntities(removed);
    await this.options.history.record(
      now,
      new Set(evaluations.map(e => e.entity.entityRef)),
    );
    const summary: RunSummary = {
      mode,
      evaluated: evaluations.length,
      removed: removed.length,
      unchanged: entities.length - evaluations.length,
      durationMs: Date.now() - started,
    };
    logger.info('Compliance evaluation finished', { ...summary });
    return summary;
  }

  /**
   * The entities new or changed (by hash) since their last evaluation, and
   * those whose waiver expired since.
   */
  private async changedSinceLastRun(
    entities: Entity[],
    stored: Map<string, StoredEntity>,
    hashes: Map<string, string>,
    now: Date,
  ): Promise<Entity[]> {
    const expiredSince = new Set(
      (await this.options.store.listWaivers())
        .filter(w => {
          const evaluatedAt = stored.get(w.entityRef)?.evaluatedAt;
          return (
            !!evaluatedAt &&
            w.expiresAt > evaluatedAt &&
            Date.parse(w.expiresAt) <= now.getTime()
          );
        })
        .map(w => w.entityRef),
    );
    return entities.filter(e => {
      const ref = refOf(e);
      const s = stored.get(ref);
      return (
        !s ||
        s.hash !== hashes.get(ref) ||
        !s.evaluatedAt ||
        expiredSince.has(ref)
      );
    });
  }
}
