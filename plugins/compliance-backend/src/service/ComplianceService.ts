import { createHash, randomUUID } from 'node:crypto';
import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import type { Request } from 'express';
import {
  complianceEvaluationRunPermission,
  complianceScoreReadPermission,
  complianceWaiverCreatePermission,
  complianceWaiverDeletePermission,
  ComplianceFramework,
  ComplianceLevel,
  EntityCompliance,
  EvidenceRecord,
  FrameworkMatrix,
  HeatmapResponse,
  HistoryPoint,
  RollupScore,
  Waiver,
  WaiverInput,
} from '@ai-platform/plugin-compliance-common';
import { ComplianceStore, HistoryRow, StoredEntity } from '../database/types';
import { ownerRefOf, refOf, systemRefOf, fullRef } from '../facts/entityRefs';
import {
  EntityFacts,
  FactContext,
  FactRetriever,
  GroupInfo,
} from '../facts/types';
import { FrameworkRegistry } from '../frameworks/FrameworkRegistry';
import { ComplianceEvaluator, isWaiverActive } from './ComplianceEvaluator';
import { rollUp } from './rollups';

/** What a run did. */
export interface RunSummary {
  mode: 'full' | 'incremental';
  evaluated: number;
  removed: number;
  unchanged: number;
  durationMs: number;
}

/** The calling principal and, for audit, the HTTP request. */
export interface CallContext {
  credentials: BackstageCredentials;
  request?: Request;
}

const DAY_MS = 86_400_000;

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function hashOf(entity: Entity): string {
  const { uid, etag, generation, ...metadata } =
    entity.metadata as Entity['metadata'] & {
      generation?: number;
    };
  void uid;
  void etag;
  void generation;
  return createHash('sha256')
    .update(JSON.stringify({ kind: entity.kind, metadata, spec: entity.spec }))
    .digest('hex');
}

function titleOf(entity: Entity): string | undefined {
  const profile = entity.spec?.profile as { displayName?: unknown } | undefined;
  return (
    entity.metadata.title ??
    (typeof profile?.displayName === 'string' ? profile.displayName : undefined)
  );
}

/**
 * Gathers facts, evaluates checks, keeps results, history and waivers, and
 * answers the questions of the API: the service behind the router, the
 * actions and the scheduled runs.
 */
export class ComplianceService {
  private running: Promise<RunSummary> | undefined;

  private constructor(
    private readonly options: {
      store: ComplianceStore;
      registry: FrameworkRegistry;
      evaluator: ComplianceEvaluator;
      retrievers: FactRetriever[];
      catalog: CatalogService;
      auth: AuthService;
      permissions: PermissionsService;
      auditor: AuditorService;
      logger: LoggerService;
      levels: ComplianceLevel[];
      historyRetentionDays: number;
      maxWaiverDays: number;
      now: () => Date;
    },
  ) {}

  static create(options: {
    store: ComplianceStore;
    registry: FrameworkRegistry;
    retrievers: FactRetriever[];
    catalog: CatalogService;
    auth: AuthService;
    permissions: PermissionsService;
    auditor: AuditorService;
    logger: LoggerService;
    levels: ComplianceLevel[];
    historyRetentionDays?: number;
    maxWaiverDays?: number;
    /** The clock; the wall clock by default. */
    now?: () => Date;
  }): ComplianceService {
    return new ComplianceService({
      ...options,
      evaluator: ComplianceEvaluator.create({
        registry: options.registry,
        levels: options.levels,
        retrievers: options.retrievers.map(r => r.id),
      }),
      historyRetentionDays: options.historyRetentionDays ?? 365,
      maxWaiverDays: options.maxWaiverDays ?? 365,
      now: options.now ?? (() => new Date()),
    });
  }

  // ---------------------------------------------------------------- runs

  /** Gathers facts for every entity and evaluates them all. */
  runFull(): Promise<RunSummary> {
    return this.exclusive(() => this.run('full'));
  }

  /**
   * Re-evaluates only entities that changed since their last evaluation
   * (by a hash of their metadata and spec), new ones, and ones whose waiver
   * expired since; removes entities gone from the catalog.
   */
  runIncremental(): Promise<RunSummary> {
    return this.exclusive(() => this.run('incremental'));
  }

  private async exclusive(fn: () => Promise<RunSummary>) {
    // One run at a time in this process; the scheduler keeps replicas apart.
    while (this.running) await this.running.catch(() => undefined);
    this.running = fn();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private evaluatedKinds(): Set<string> {
    return new Set(this.options.registry.checks().flatMap(c => c.kinds));
  }

  private async readCatalog(): Promise<{
    entities: Entity[];
    groups: Entity[];
  }> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const kinds = [...this.evaluatedKinds(), 'group'];
    const { items } = await this.options.catalog.getEntities(
      { filter: kinds.map(kind => ({ kind })) },
      { credentials },
    );
    return {
      entities: items.filter(
        e => e.kind.toLocaleLowerCase('en-US') !== 'group',
      ),
      groups: items.filter(e => e.kind.toLocaleLowerCase('en-US') === 'group'),
    };
  }

  private async run(mode: 'full' | 'incremental'): Promise<RunSummary> {
    const started = Date.now();
    const now = this.options.now();
    const { entities, groups } = await this.readCatalog();
    const groupInfos = new Map<string, GroupInfo>();
    for (const g of groups) {
      const ref = refOf(g);
      groupInfos.set(ref, {
        ref,
        title: titleOf(g),
        parentRef: fullRef(g.spec?.parent, {
          defaultKind: 'group',
          defaultNamespace: g.metadata.namespace ?? 'default',
        }),
      });
    }
    const knownRefs = new Set([...entities, ...groups].map(refOf));
    const stored = new Map(
      (await this.options.store.listEntities()).map(e => [e.entityRef, e]),
    );
    const hashes = new Map(entities.map(e => [refOf(e), hashOf(e)]));
    let toEvaluate = entities;
    if (mode === 'incremental') {
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
      toEvaluate = entities.filter(e => {
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
    await this.options.store.upsertEntities(
      [...groupInfos.values()].map(g => ({
        entityRef: g.ref,
        kind: 'group',
        title: g.title,
        parentRef: g.parentRef,
        hash: '',
      })),
    );
    const context: FactContext = { groups: groupInfos, knownRefs, now };
    const facts = await this.gather(toEvaluate, context);
    const waivers = await this.waiversByEntity();
    const evaluations = toEvaluate.map(entity => {
      const ref = refOf(entity);
      const entityFacts = this.options.retrievers
        .map(r => facts.get(r.id)?.get(ref))
        .filter((f): f is EntityFacts => !!f);
      const kind = entity.kind.toLocaleLowerCase('en-US');
      const { results, scores } = this.options.evaluator.evaluate({
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
    await this.options.store.writeEvaluations(evaluations);
    const current = new Set([...hashes.keys(), ...groupInfos.keys()]);
    const removed = [...stored.keys()].filter(ref => !current.has(ref));
    await this.options.store.removeEntities(removed);
    await this.writeHistory(
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
    this.options.logger.info('Compliance evaluation finished', { ...summary });
    return summary;
  }

  private async gather(
    entities: Entity[],
    context: FactContext,
  ): Promise<Map<string, Map<string, EntityFacts>>> {
    const out = new Map<string, Map<string, EntityFacts>>();
    if (!entities.length) return out;
    await Promise.all(
      this.options.retrievers.map(async retriever => {
        try {
          out.set(retriever.id, await retriever.retrieve(entities, context));
        } catch (error) {
          // The error may carry a configured address: logged, not stored.
          const message = `The ${retriever.id} facts could not be gathered; see the backend logs`;
          this.options.logger.error('Compliance fact retriever failed', {
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

  private async waiversByEntity(): Promise<Map<string, Waiver[]>> {
    const now = this.options.now();
    const out = new Map<string, Waiver[]>();
    for (const w of await this.options.store.listWaivers()) {
      const waiver = {
        ...w,
        active: isWaiverActive({ ...w, active: true }, now),
      };
      out.set(w.entityRef, [...(out.get(w.entityRef) ?? []), waiver]);
    }
    return out;
  }

  /**
   * Today's history: the scores of the entities just evaluated (the others
   * keep today's row from their last evaluation) and every roll-up.
   */
  private async writeHistory(now: Date, evaluated: Set<string>) {
    const { store } = this.options;
    const day = dayOf(now);
    const entities = await store.listEntities();
    const scores = await store.listScores();
    // Roll-ups replace a system's own score: its history is the system's.
    const rows = new Map<string, HistoryRow>();
    for (const r of [
      ...scores
        .filter(s => evaluated.has(s.entityRef))
        .map(s => ({ ...s, subjectRef: s.entityRef })),
      ...rollUp(entities, scores),
    ])
      rows.set(`${r.subjectRef}\u0000${r.frameworkId}`, {
        day,
        subjectRef: r.subjectRef,
        frameworkId: r.frameworkId,
        score: r.score,
      });
    await store.writeHistory([...rows.values()]);
    await store.pruneHistory(
      dayOf(
        new Date(now.getTime() - this.options.historyRetentionDays * DAY_MS),
      ),
    );
  }

  // ------------------------------------------------------------- reading

  private async authorize(
    ctx: CallContext,
    permission: BasicPermission,
    what: string,
  ) {
    const [decision] = await this.options.permissions.authorize(
      [{ permission }],
      { credentials: ctx.credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW)
      throw new NotAllowedError(`You are not allowed to ${what}`);
  }

  private async allowed(ctx: CallContext, permission: BasicPermission) {
    const [decision] = await this.options.permissions.authorize(
      [{ permission }],
      { credentials: ctx.credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** The frameworks, controls and checks in force. */
  async frameworks(ctx: CallContext) {
    await this.authorize(
      ctx,
      complianceScoreReadPermission,
      'read compliance scores',
    );
    return {
      frameworks: this.options.registry.frameworks(),
      checks: this.options.registry.checks(),
      levels: this.options.levels,
    };
  }

  /**
   * An entity's results, scored from its stored facts against the waivers
   * in force now, so an expired waiver stops counting at once.
   */
  async entity(
    ctx: CallContext,
    entityRefInput: string,
  ): Promise<EntityCompliance & { canManageWaivers: boolean }> {
    await this.authorize(
      ctx,
      complianceScoreReadPermission,
      'read compliance scores',
    );
    const entityRef = this.normalizeRef(entityRefInput, 'entityRef');
    const { store, registry, evaluator } = this.options;
    const entity = await store.getEntity(entityRef);
    if (!entity || !entity.evaluatedAt)
      throw new NotFoundError(
        `${entityRef} has not been evaluated for compliance yet`,
      );
    const now = this.options.now();
    const waivers = (await store.listWaivers(entityRef)).map(w => ({
      ...w,
      active: isWaiverActive({ ...w, active: true }, now),
    }));
    const { results, scores } = evaluator.evaluate({
      entityRef,
      kind: entity.kind,
      facts: await store.getFacts(entityRef),
      waivers,
      now,
    });
    return {
      entityRef,
      evaluatedAt: entity.evaluatedAt,
      frameworks: scores,
      checks: results.map(r => {
        const check = registry.check(r.checkId)!;
        return {
          ...r,
          title: check.title,
          severity: check.severity,
          weight: check.weight,
          explanation: check.explanation,
          howToFix: check.howToFix,
          controls: registry.controlsOf(r.checkId),
        };
      }),
      waivers,
      canManageWaivers: await this.allowed(
        ctx,
        complianceWaiverCreatePermission,
      ),
    };
  }

  private normalizeRef(ref: string, field: string): string {
    // PostgreSQL text cannot hold NUL: refuse it here for every caller
    // (routes and actions) rather than fail in the database.
    if (ref.includes('\u0000'))
      throw new InputError(`${field} must not contain NUL characters`);
    const full = fullRef(ref, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
    if (!full) throw new InputError(`${field} is not an entity ref: ${ref}`);
    return full;
  }

  private async rollups(): Promise<{
    entities: StoredEntity[];
    rollups: RollupScore[];
  }> {
    const entities = await this.options.store.listEntities();
    const scores = await this.options.store.listScores();
    const titles = new Map(entities.map(e => [e.entityRef, e.title]));
    return {
      entities,
      rollups: rollUp(entities, scores).map(r => ({
        ...r,
        title: titles.get(r.subjectRef),
        level: this.options.evaluator.levelOf(r.score),
      })),
    };
  }

  /** Rolled-up scores of a group or system. */
  async subject(
    ctx: CallContext,
    subjectRefInput: string,
  ): Promise<RollupScore[]> {
    await this.authorize(
      ctx,
      complianceScoreReadPermission,
      'read compliance scores',
    );
    const subjectRef = this.normalizeRef(subjectRefInput, 'subjectRef');
    return (await this.rollups()).rollups.filter(
      r => r.subjectRef === subjectRef,
    );
  }

  /** Teams by frameworks; under one group when `groupRef` is given. */
  async heatmap(
    ctx: CallContext,
    groupRefInput?: string,
  ): Promise<HeatmapResponse> {
    await this.authorize(
      ctx,
      complianceScoreReadPermission,
      'read compliance scores',
    );
    const { entities, rollups } = await this.rollups();
    const groupRef = groupRefInput
      ? this.normalizeRef(groupRefInput, 'group')
      : undefined;
    const parents = new Map(
      entities
        .filter(e => e.kind === 'group')
        .map(e => [e.entityRef, e.parentRef]),
    );
    if (groupRef && !parents.has(groupRef))
      throw new NotFoundError(`No group ${groupRef} in the compliance results`);
    const under = (ref: string) => {
      if (!groupRef) return true;
      const seen = new Set<string>();
      for (
        let g: string | undefined = ref;
        g && !seen.has(g);
        g = parents.get(g)
      ) {
        if (g === groupRef) return true;
        seen.add(g);
      }
      return false;
    };
    const rows = new Map<string, HeatmapResponse['rows'][number]>();
    for (const r of rollups) {
      if (!r.subjectRef.startsWith('group:') || !under(r.subjectRef)) continue;
      const row = rows.get(r.subjectRef) ?? {
        groupRef: r.subjectRef,
        title: r.title,
        scores: {},
      };
      row.scores[r.frameworkId] = {
        score: r.score,
        level: r.level,
        entities: r.entities,
      };
      rows.set(r.subjectRef, row);
    }
    return {
      frameworks: this.options.registry
        .frameworks()
        .map(f => ({ id: f.id, title: f.title })),
      rows: [...rows.values()].sort((a, b) =>
        a.groupRef.localeCompare(b.groupRef),
      ),
      levels: this.options.levels,
    };
  }

  /** Daily scores of an entity, system or group. */
  async history(
    ctx: CallContext,
    subjectRefInput: string,
    days: number,
  ): Promise<HistoryPoint[]> {
    await this.authorize(
      ctx,
      complianceScoreReadPermission,
      'read compliance scores',
    );
    const subjectRef = this.normalizeRef(subjectRefInput, 'subjectRef');
    const since = dayOf(
      new Date(this.options.now().getTime() - (days - 1) * DAY_MS),
    );
    return (await this.options.store.getHistory(subjectRef, since)).map(h => ({
      day: h.day,
      frameworkId: h.frameworkId,
      score: h.score,
    }));
  }

  private framework(id: string): ComplianceFramework {
    const framework = this.options.registry.framework(id);
    if (!framework) throw new NotFoundError(`No compliance framework '${id}'`);
    return framework;
  }

  /** A framework's controls by owning teams: entities meeting each control. */
  async matrix(
    ctx: CallContext,
    frameworkId: string,
  ): Promise<FrameworkMatrix> {
    await this.authorize(
      ctx,
      complianceScoreReadPermission,
      'read compliance scores',
    );
    const framework = this.framework(frameworkId);
    const { store } = this.options;
    const entities = await store.listEntities();
    const byRef = new Map(entities.map(e => [e.entityRef, e]));
    const inScope = new Set(
      (await store.listScores())
        .filter(s => s.frameworkId === frameworkId)
        .map(s => s.entityRef),
    );
    const results = (
      await store.listResults({
        checkIds: this.options.registry.checkIdsOf(frameworkId),
      })
    ).filter(r => inScope.has(r.entityRef));
    const statusOf = new Map(
      results.map(r => [`${r.entityRef}\u0000${r.checkId}`, r.status]),
    );
    const teams = [
      ...new Set(
        [...inScope]
          .map(ref => byRef.get(ref)?.ownerRef)
          .filter((t): t is string => !!t),
      ),
    ].sort();
    const rows = framework.controls.map(control => {
      const cells: FrameworkMatrix['rows'][number]['cells'] = {};
      for (const team of teams)
        cells[team] = { passed: 0, failed: 0, score: null };
      for (const ref of inScope) {
        const team = byRef.get(ref)?.ownerRef;
        if (!team) continue;
        const statuses = control.checks
          .map(c => statusOf.get(`${ref}\u0000${c}`))
          .filter(s => s && s !== 'not-applicable');
        if (!statuses.length) continue;
        const met = statuses.every(s => s === 'pass' || s === 'waived');
        cells[team][met ? 'passed' : 'failed']++;
      }
      for (const cell of Object.values(cells)) {
        const total = cell.passed + cell.failed;
        cell.score = total
          ? Math.round((cell.passed / total) * 1000) / 10
          : null;
      }
      return { controlId: control.id, title: control.title, cells };
    });
    return {
      framework,
      teams: teams.map(t => ({ groupRef: t, title: byRef.get(t)?.title })),
      rows,
    };
  }

  /** The evidence of a framework's controls: each result with the facts and times that decided it. */
  async evidence(
    ctx: CallContext,
    query: {
      frameworkId: string;
      control?: string;
      team?: string;
      entityRef?: string;
    },
  ): Promise<EvidenceRecord[]> {
    await this.authorize(
      ctx,
      complianceScoreReadPermission,
      'read compliance evidence',
    );
    const framework = this.framework(query.frameworkId);
    const controls = query.control
      ? framework.controls.filter(c => c.id === query.control)
      : framework.controls;
    if (query.control && !controls.length)
      throw new NotFoundError(
        `No control '${query.control}' in framework '${framework.id}'`,
      );
    const team = query.team ? this.normalizeRef(query.team, 'team') : undefined;
    const entityRef = query.entityRef
      ? this.normalizeRef(query.entityRef, 'entityRef')
      : undefined;
    const { store } = this.options;
    const entities = new Map(
      (await store.listEntities()).map(e => [e.entityRef, e]),
    );
    const inScope = new Set(
      (await store.listScores())
        .filter(s => s.frameworkId === framework.id)
        .map(s => s.entityRef),
    );
    const checkIds = [...new Set(controls.flatMap(c => c.checks))];
    const results = await store.listResults({
      checkIds,
      ...(entityRef ? { entityRefs: [entityRef] } : {}),
    });
    const records: EvidenceRecord[] = [];
    for (const control of controls) {
      for (const r of results) {
        if (!control.checks.includes(r.checkId) || !inScope.has(r.entityRef))
          continue;
        const owner = entities.get(r.entityRef)?.ownerRef;
        if (team && owner !== team) continue;
        records.push({
          frameworkId: framework.id,
          controlId: control.id,
          checkId: r.checkId,
          entityRef: r.entityRef,
          ...(owner ? { owner } : {}),
          status: r.status,
          evaluatedAt: r.evaluatedAt,
          facts: r.evidence.facts,
          collectedAt: r.evidence.collectedAt,
          ...(r.waiverId ? { waiverId: r.waiverId } : {}),
        });
      }
    }
    return records;
  }

  // ------------------------------------------------------------- waivers

  /** Grants a waiver (approvers only), audited, and re-scores the entity. */
  async createWaiver(ctx: CallContext, input: WaiverInput): Promise<Waiver> {
    const event = await this.options.auditor.createEvent({
      eventId: 'waiver-create',
      severityLevel: 'medium',
      request: ctx.request,
      meta: {
        entityRef: input.entityRef,
        checkId: input.checkId,
        expiresAt: input.expiresAt,
      },
    });
    try {
      await this.authorize(
        ctx,
        complianceWaiverCreatePermission,
        'grant compliance waivers',
      );
      if (!this.options.auth.isPrincipal(ctx.credentials, 'user'))
        throw new NotAllowedError(
          'Only a signed-in approver can grant a waiver',
        );
      const entityRef = this.normalizeRef(input.entityRef, 'entityRef');
      const entity = await this.options.store.getEntity(entityRef);
      if (!entity?.evaluatedAt)
        throw new NotFoundError(
          `${entityRef} has not been evaluated for compliance yet`,
        );
      const check = this.options.registry.check(input.checkId);
      if (!check)
        throw new InputError(`checkId '${input.checkId}' is not a known check`);
      if (!check.kinds.includes(entity.kind))
        throw new InputError(
          `checkId '${input.checkId}' does not apply to ${entity.kind} entities`,
        );
      const now = this.options.now();
      const expires = Date.parse(input.expiresAt);
      if (expires <= now.getTime())
        throw new InputError('expiresAt must be in the future');
      if (expires > now.getTime() + this.options.maxWaiverDays * DAY_MS)
        throw new InputError(
          `expiresAt must be at most ${this.options.maxWaiverDays} days ahead`,
        );
      const waiver: Waiver = {
        id: randomUUID(),
        entityRef,
        checkId: check.id,
        justification: input.justification.trim(),
        approver: ctx.credentials.principal.userEntityRef,
        createdAt: now.toISOString(),
        expiresAt: new Date(expires).toISOString(),
        active: true,
      };
      const { active, ...row } = waiver;
      void active;
      await this.options.store.createWaiver(row);
      await this.rescore(entityRef);
      await event.success({ meta: { waiverId: waiver.id } });
      return waiver;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  /** Revokes a waiver (approvers only), audited, and re-scores the entity. */
  async revokeWaiver(ctx: CallContext, id: string): Promise<Waiver> {
    const event = await this.options.auditor.createEvent({
      eventId: 'waiver-revoke',
      severityLevel: 'medium',
      request: ctx.request,
      meta: { waiverId: id },
    });
    try {
      await this.authorize(
        ctx,
        complianceWaiverDeletePermission,
        'revoke compliance waivers',
      );
      const waiver = await this.options.store.getWaiver(id);
      if (!waiver) throw new NotFoundError(`No waiver '${id}'`);
      const by = this.options.auth.isPrincipal(ctx.credentials, 'user')
        ? ctx.credentials.principal.userEntityRef
        : 'service';
      await this.options.store.revokeWaiver(
        id,
        by,
        this.options.now().toISOString(),
      );
      await this.rescore(waiver.entityRef);
      const revoked = (await this.options.store.getWaiver(id))!;
      await event.success();
      return { ...revoked, active: false };
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  /** Re-scores one entity from its stored facts and current waivers, without gathering. */
  private async rescore(entityRef: string) {
    const { store, evaluator } = this.options;
    const entity = await store.getEntity(entityRef);
    if (!entity) return;
    const now = this.options.now();
    const facts = await store.getFacts(entityRef);
    const waivers = (await this.waiversByEntity()).get(entityRef) ?? [];
    const { results, scores } = evaluator.evaluate({
      entityRef,
      kind: entity.kind,
      facts,
      waivers,
      now,
    });
    await store.writeEvaluations([
      {
        entity: { ...entity, evaluatedAt: now.toISOString() },
        facts,
        results,
        scores,
      },
    ]);
  }

  /** Starts a full evaluation on demand (approvers only), audited. */
  async evaluateNow(ctx: CallContext): Promise<RunSummary> {
    const event = await this.options.auditor.createEvent({
      eventId: 'evaluation-run',
      severityLevel: 'low',
      request: ctx.request,
    });
    try {
      await this.authorize(
        ctx,
        complianceEvaluationRunPermission,
        'start a compliance evaluation',
      );
      const summary = await this.runFull();
      await event.success({ meta: { ...summary } });
      return summary;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }
}
