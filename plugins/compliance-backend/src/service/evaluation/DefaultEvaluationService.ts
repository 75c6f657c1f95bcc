import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  complianceEntityEvaluatePermission,
  complianceEvaluationRunPermission,
} from '@ai-platform/plugin-compliance-common';
import {
  ComplianceStore,
  EvaluationRun,
  StoredEntity,
} from '../../database/types';
import { refOf } from '../../facts/entityRefs';
import { FrameworkRegistry } from '../../frameworks/FrameworkRegistry';
import {
  CallAuditor,
  RunHeartbeat,
  entityRefKey,
  replicaId,
} from '@ai-platform/plugin-ai-platform-node';
import { ComplianceAccess } from '../ComplianceAccess';
import { dayOf } from '../days';
import { normalizeEntityRef } from '../normalizeEntityRef';
import { CallContext, EvaluationService, RunSummary } from '../types';
import { CatalogSnapshot, hashOf } from './CatalogSnapshot';
import { EntityBatchEvaluator } from './EntityBatchEvaluator';
import { HistoryRecorder } from './HistoryRecorder';

/** How long the per-entity path trusts the stored refs it read. */
export const KNOWN_REFS_TTL_MS = 60_000;

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
  private knownRefs?: { at: number; refs: Set<string> };
  /** Re-checks under way by entity: a second click joins the first. */
  private readonly entityChecks = new Map<string, Promise<RunSummary>>();

  static create(options: {
    store: ComplianceStore;
    registry: FrameworkRegistry;
    catalog: CatalogSnapshot;
    batch: EntityBatchEvaluator;
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

  evaluateEntityNow(ctx: CallContext, entityRef: string): Promise<RunSummary> {
    return this.options.audit.run(
      ctx,
      {
        eventId: 'entity-evaluation',
        severityLevel: 'low',
        meta: { entityRef },
        successMeta: summary => ({ ...summary }),
      },
      async () => {
        await this.options.access.require(
          ctx,
          complianceEntityEvaluatePermission,
          're-check compliance of an entity',
        );
        const key = normalizeEntityRef(entityRef, 'entityRef');
        let check = this.entityChecks.get(key);
        if (!check) {
          check = this.evaluateEntities([key]).finally(() =>
            this.entityChecks.delete(key),
          );
          this.entityChecks.set(key, check);
        }
        const summary = await check;
        if (summary.evaluated + summary.unchanged + summary.removed === 0) {
          throw new NotFoundError(
            `entityRef: the catalog has no entity ${key} that compliance evaluates`,
          );
        }
        return summary;
      },
    );
  }

  private async leased(
    mode: EvaluationRun['mode'],
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

  async evaluateEntities(entityRefs: string[]): Promise<RunSummary> {
    const { store, catalog, logger } = this.options;
    const started = Date.now();
    const now = this.options.now();
    const refs = [...new Set(entityRefs.map(r => entityRefKey(r)))];
    const evaluatedKinds = this.evaluatedKinds();
    const [found, storedRefs, groups] = await Promise.all([
      catalog.readEntities(refs),
      this.storedRefs(),
      store.titles('group'),
    ]);
    const entities = [...found.values()].filter(e =>
      evaluatedKinds.has(e.kind.toLocaleLowerCase('en-US')),
    );
    const stored = new Map<string, StoredEntity>();
    for (const ref of refs) {
      const row = await store.getEntity(ref);
      if (row) stored.set(ref, row);
    }
    const groupInfos = new Map(
      [...groups].map(([ref, title]) => [ref, { ref, title }]),
    );
    const known = new Set(storedRefs);
    for (const e of entities) known.add(refOf(e));
    const outcome = await this.options.batch.evaluate(entities, {
      groups: groupInfos,
      knownRefs: known,
      now,
      stored,
    });
    const kept = new Set(entities.map(refOf));
    const removed = refs.filter(r => stored.has(r) && !kept.has(r));
    await store.removeEntities(removed, now.toISOString());
    for (const ref of kept) storedRefs.add(ref);
    for (const ref of removed) storedRefs.delete(ref);
    await this.recordTouched(now, outcome.evaluated, [
      ...outcome.evaluated.map(e => stored.get(e.entityRef)),
      ...removed.map(r => stored.get(r)),
    ]);
    const summary: RunSummary = {
      mode: 'entities',
      evaluated: outcome.evaluated.length,
      removed: removed.length,
      unchanged: outcome.unchanged.length,
      durationMs: Date.now() - started,
    };
    logger.debug('Compliance entities evaluated', { ...summary });
    return summary;
  }

  /**
   * The stored entity refs (what facts may refer to), kept between calls of
   * the per-entity path for {@link KNOWN_REFS_TTL_MS}: reading 10,000 refs
   * would cost it more than the rest of its work.
   */
  private async storedRefs(): Promise<Set<string>> {
    const cached = this.knownRefs;
    if (cached && Date.now() - cached.at < KNOWN_REFS_TTL_MS)
      return cached.refs;
    const refs = new Set(await this.options.store.listEntityRefs());
    this.knownRefs = { at: Date.now(), refs };
    return refs;
  }

  private evaluatedKinds(): Set<string> {
    return new Set(this.options.registry.checks().flatMap(c => c.kinds));
  }

  /** History of evaluated entities and of the roll-ups they and their former rows touch. */
  private async recordTouched(
    now: Date,
    evaluated: StoredEntity[],
    before: Array<StoredEntity | undefined>,
  ) {
    const owners = new Set<string>();
    const systems = new Set<string>();
    for (const e of [...evaluated, ...before]) {
      if (!e) continue;
      if (e.ownerRef?.startsWith('group:')) owners.add(e.ownerRef);
      if (e.systemRef) systems.add(e.systemRef);
      if (e.kind === 'system') systems.add(e.entityRef);
    }
    await this.options.history.recordEntities(
      now,
      evaluated.map(e => e.entityRef),
      { owners: [...owners], systems: [...systems] },
    );
  }

  private async run(mode: 'full' | 'incremental'): Promise<RunSummary> {
    const { store, logger } = this.options;
    const started = Date.now();
    const now = this.options.now();
    const { entities, groups } = await this.options.catalog.read(
      this.evaluatedKinds(),
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
    const outcome = await this.options.batch.evaluate(toEvaluate, {
      groups,
      knownRefs,
      now,
      stored,
      hashes,
    });
    const removed = [...stored.keys()].filter(ref => !knownRefs.has(ref));
    await store.removeEntities(removed, now.toISOString());
    this.knownRefs = { at: Date.now(), refs: new Set(knownRefs) };
    if (mode === 'full' || removed.length) {
      // Today's row of every entity this run covered, unless it has one.
      const today = dayOf(now);
      const unchangedToday = new Set(
        outcome.unchanged.filter(ref => {
          const at = stored.get(ref)?.evaluatedAt;
          return at && dayOf(new Date(at)) === today;
        }),
      );
      await this.options.history.record(
        now,
        toEvaluate.map(refOf).filter(ref => !unchangedToday.has(ref)),
      );
    } else {
      await this.recordTouched(
        now,
        outcome.evaluated,
        outcome.evaluated.map(e => stored.get(e.entityRef)),
      );
    }
    const summary: RunSummary = {
      mode,
      evaluated: outcome.evaluated.length,
      removed: removed.length,
      unchanged: entities.length - outcome.evaluated.length,
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
