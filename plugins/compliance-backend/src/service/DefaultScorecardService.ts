import {
  complianceScoreReadPermission,
  complianceWaiverCreatePermission,
  ComplianceLevel,
} from '@ai-platform/plugin-compliance-common';
import { NotFoundError } from '@backstage/errors';
import { ComplianceStore } from '../database/types';
import { FrameworkRegistry } from '../frameworks/FrameworkRegistry';
import { ComplianceAccess } from './ComplianceAccess';
import { normalizeEntityRef } from './normalizeEntityRef';
import { StoredFactsScorer } from './StoredFactsScorer';
import { CallContext, ScorecardService } from './types';

/** The frameworks in force and an entity's scorecard. */
export class DefaultScorecardService implements ScorecardService {
  static create(options: {
    store: ComplianceStore;
    registry: FrameworkRegistry;
    scorer: StoredFactsScorer;
    access: ComplianceAccess;
    levels: ComplianceLevel[];
  }) {
    return new DefaultScorecardService(options);
  }

  private constructor(
    private readonly options: Parameters<
      typeof DefaultScorecardService.create
    >[0],
  ) {}

  async frameworks(ctx: CallContext) {
    await this.options.access.require(
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
  async entity(ctx: CallContext, entityRefInput: string) {
    const { access, registry, store, scorer } = this.options;
    await access.require(
      ctx,
      complianceScoreReadPermission,
      'read compliance scores',
    );
    const entityRef = normalizeEntityRef(entityRefInput, 'entityRef');
    const entity = await store.getEntity(entityRef);
    if (!entity || !entity.evaluatedAt)
      throw new NotFoundError(
        `${entityRef} has not been evaluated for compliance yet`,
      );
    const { results, scores, waivers } = await scorer.score(entity);
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
      canManageWaivers: await access.allows(
        ctx,
        complianceWaiverCreatePermission,
      ),
    };
  }
}
