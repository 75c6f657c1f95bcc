import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConflictError } from '@backstage/errors';
import { complianceEvaluationRunPermission } from '@ai-platform/plugin-compliance-common';
import {
  ComplianceStore,
  EvaluationRun,
  StoredEntity,
} from '../../database/types';
import { ownerRefOf, refOf, systemRefOf } from '../../facts/entityRefs';
import { FrameworkRegistry } from '../../frameworks/FrameworkRegistry';
import { waiversByEntity } from '../activeWaivers';
import {
  CallAuditor,
  RunHeartbeat,
  replicaId,
} from '@ai-platform/plugin-ai-platform-node';
import { ComplianceAccess } from '../ComplianceAccess';
import { ComplianceEvaluator } from '../ComplianceEvaluator';
import { CallContext, EvaluationService, RunSummary } from '../types';
import { CatalogSnapshot, hashOf, titleOf } from './CatalogSnapshot';
import { FactGatherer } from './FactGatherer';
import { HistoryRecorder } from './HistoryRecorder';

/** How often a running evaluation renews its heartbeat. */
export const RUN_HEARTBEAT_MS = 5_000;
/**
 * A running evaluation without a heartbeat for this long belongs to a
 * process that died: the next run marks it failed and goes ahead.
 */
export const RUN_STALE_AFTER_MS = 30_000;

/**
 * Thrown when an evaluation is asked for while another one runs, on this or
 * another replica (HTTP 409).
 */
export class EvaluationInProgressError extends ConflictError {
  constructor(running: EvaluationRun) {
    super(
      `A compliance evaluation is already running (${running.mode}, started ${running.startedAt}); its results replace the current ones when it ends`,
    );
  }
}

/** Who runs evaluations here, and when a silent run counts as dead. */
export interface EvaluationLeaseOptions {
  /** This process among the replicas; default `replicaId()`. */
  owner?: string;
  /** Default {@link RUN_HEARTBEAT_MS}. */
  heartbeatMs?: number;
  /** Default {@link RUN_STALE_AFTER_MS}. */
  staleAfterMs?: number;
}

/**
 * Evaluation runs: reads the catalog, gathers facts, evaluates checks,
 * stores results and scores, removes entities gone from the catalog and
 * records the day's history.
 *
 * One run at a time across replicas: a run is stored as it starts and
 * renews its heartbeat while it goes on; a run asked for while another runs
 * is refused ({@link EvaluationInProgressError}), and a run whose process
 * died (no heartbeat for {@link RUN_STALE_AFTER_MS}) is marked failed by the
 * next one. Each entity's results are written in one transaction, so a run
 * cut short leaves every entity with a whole earlier or later evaluation.
 */
export class DefaultEvaluationService implements EvaluationService {
  private readonly owner: string;

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
    lease?: EvaluationLeaseOptions;
  }) {
    return new DefaultEvaluationService(options);
  }

  private constructor(
    private readonly options: Parameters<
      typeof DefaultEvaluationService.create
    >[0],
  ) {
    this.owner = options.lease?.owner ?? replicaId();
  }

  runFull(): Promise<RunSummary> {
    return this.leased('full', 'schedule');
  }

  runIncremental(): Promise<RunSummary> {
    return this.leased('incremental', 'schedule');
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
        return this.leased('full', 'request');
      },
    );
  }

  private async leased(
    mode: RunSummary['mode'],
    trigger: EvaluationRun['trigger'],
  ): Promise<RunSummary> {
    const { runs } = this.options.store;
    const lease = this.options.lease ?? {};
    const id = randomUUID();
    const startedAt = this.options.now();
    const staleBefore = new Date(
      startedAt.getTime() - (lease.staleAfterMs ?? RUN_STALE_AFTER_MS),
    );
    const claim = await runs.claim(
      {
        id,
        mode,
        trigger,
        owner: this.owner,
        startedAt: startedAt.toISOString(),
      },
      staleBefore.toISOString(),
    );
    if (!claim.claimed) throw new EvaluationInProgressError(claim.running);
    const heartbeat = RunHeartbeat.start({
      intervalMs: lease.heartbeatMs ?? RUN_HEARTBEAT_MS,
      beat: () =>
        runs.heartbeat(id, this.owner, this.options.now().toISOString()),
      onError: error =>
        this.options.logger.warn('Could not renew a compliance run', {
          runId: id,
          error: String(error),
        }),
    });
    try {
      const summary = await this.run(mode);
      await heartbeat.stop();
      await runs.finish(id, {
        status: 'succeeded',
        finishedAt: this.options.now().toISOString(),
        evaluated: summary.evaluated,
        removed: summary.removed,
        unchanged: summary.unchanged,
        durationMs: summary.durationMs,
      });
      return summary;
    } catch (error) {
      await heartbeat.stop();
      await runs.finish(id, {
        status: 'failed',
        finishedAt: this.options.now().toISOString(),
        error: String(error),
      });
      throw error;
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
