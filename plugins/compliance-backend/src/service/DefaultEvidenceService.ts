import {
  complianceScoreReadPermission,
  ComplianceFramework,
  EvidenceRecord,
  FrameworkMatrix,
} from '@ai-platform/plugin-compliance-common';
import { NotFoundError } from '@backstage/errors';
import { ComplianceStore } from '../database/types';
import { FrameworkRegistry } from '../frameworks/FrameworkRegistry';
import { ComplianceAccess } from './ComplianceAccess';
import { ComplianceEvaluator } from './ComplianceEvaluator';
import { normalizeEntityRef } from './normalizeEntityRef';
import { CallContext, EvidenceService } from './types';

/** Control matrices by team and the evidence of each result, for auditors. */
export class DefaultEvidenceService implements EvidenceService {
  static create(options: {
    store: ComplianceStore;
    registry: FrameworkRegistry;
    evaluator: ComplianceEvaluator;
    access: ComplianceAccess;
  }) {
    return new DefaultEvidenceService(options);
  }

  private constructor(
    private readonly options: Parameters<
      typeof DefaultEvidenceService.create
    >[0],
  ) {}

  async matrix(
    ctx: CallContext,
    frameworkId: string,
  ): Promise<FrameworkMatrix> {
    await this.options.access.require(
      ctx,
      complianceScoreReadPermission,
      'read compliance scores',
    );
    const framework = this.framework(frameworkId);
    const { store, registry } = this.options;
    const entities = await store.listEntities();
    const byRef = new Map(entities.map(e => [e.entityRef, e]));
    const inScope = await this.inScope(frameworkId);
    const results = (
      await store.listResults({ checkIds: registry.checkIdsOf(frameworkId) })
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

  async evidence(
    ctx: CallContext,
    query: {
      frameworkId: string;
      control?: string;
      team?: string;
      entityRef?: string;
    },
  ): Promise<EvidenceRecord[]> {
    await this.options.access.require(
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
    const team = query.team
      ? normalizeEntityRef(query.team, 'team')
      : undefined;
    const entityRef = query.entityRef
      ? normalizeEntityRef(query.entityRef, 'entityRef')
      : undefined;
    const { store } = this.options;
    const entities = new Map(
      (await store.listEntities()).map(e => [e.entityRef, e]),
    );
    const inScope = await this.inScope(framework.id);
    const checkIds = [...new Set(controls.flatMap(c => c.checks))];
    const results = await store.listResults({
      checkIds,
      ...(entityRef ? { entityRefs: [entityRef] } : {}),
    });
    // Evidence is derived from the facts stored with the results.
    const facts = await store.listFacts(entityRef ? [entityRef] : undefined);
    const records: EvidenceRecord[] = [];
    for (const control of controls) {
      for (const r of results) {
        if (!control.checks.includes(r.checkId) || !inScope.has(r.entityRef))
          continue;
        const owner = entities.get(r.entityRef)?.ownerRef;
        if (team && owner !== team) continue;
        const evidence = this.options.evaluator.evidenceOf(
          r.checkId,
          facts.get(r.entityRef) ?? [],
        );
        records.push({
          frameworkId: framework.id,
          controlId: control.id,
          checkId: r.checkId,
          entityRef: r.entityRef,
          ...(owner ? { owner } : {}),
          status: r.status,
          evaluatedAt: r.evaluatedAt,
          facts: evidence?.facts ?? {},
          collectedAt: evidence?.collectedAt ?? {},
          ...(r.waiverId ? { waiverId: r.waiverId } : {}),
        });
      }
    }
    return records;
  }

  private framework(id: string): ComplianceFramework {
    const framework = this.options.registry.framework(id);
    if (!framework) throw new NotFoundError(`No compliance framework '${id}'`);
    return framework;
  }

  /** The entities the framework applies to (those with a score in it). */
  private async inScope(frameworkId: string): Promise<Set<string>> {
    return new Set(
      (await this.options.store.listScores())
        .filter(s => s.frameworkId === frameworkId)
        .map(s => s.entityRef),
    );
  }
}
