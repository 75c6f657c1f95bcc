import {
  complianceScoreReadPermission,
  ComplianceLevel,
  HeatmapResponse,
  RollupScore,
} from '@ai-platform/plugin-compliance-common';
import { NotFoundError } from '@backstage/errors';
import { FrameworkRegistry } from '../frameworks/FrameworkRegistry';
import { ComplianceAccess } from './ComplianceAccess';
import { ComplianceEvaluator } from './ComplianceEvaluator';
import { GroupRollups } from './GroupRollups';
import { normalizeEntityRef } from './normalizeEntityRef';
import { CallContext, RollupService } from './types';

/** Scores of systems and teams: one subject, or the heat map of teams. */
export class DefaultRollupService implements RollupService {
  static create(options: {
    rollups: GroupRollups;
    registry: FrameworkRegistry;
    evaluator: ComplianceEvaluator;
    access: ComplianceAccess;
    levels: ComplianceLevel[];
  }) {
    return new DefaultRollupService(options);
  }

  private constructor(
    private readonly options: Parameters<typeof DefaultRollupService.create>[0],
  ) {}

  async subject(
    ctx: CallContext,
    subjectRefInput: string,
  ): Promise<RollupScore[]> {
    await this.requireRead(ctx);
    const subjectRef = normalizeEntityRef(subjectRefInput, 'subjectRef');
    return (await this.rollups()).filter(r => r.subjectRef === subjectRef);
  }

  async heatmap(
    ctx: CallContext,
    groupRefInput?: string,
  ): Promise<HeatmapResponse> {
    await this.requireRead(ctx);
    const rollups = await this.rollups();
    const groupRef = groupRefInput
      ? normalizeEntityRef(groupRefInput, 'group')
      : undefined;
    let under: Set<string> | undefined;
    if (groupRef) {
      if (!(await this.options.rollups.hasGroup(groupRef)))
        throw new NotFoundError(
          `No group ${groupRef} in the compliance results`,
        );
      under = new Set(await this.options.rollups.groupAndDescendants(groupRef));
    }
    const rows = new Map<string, HeatmapResponse['rows'][number]>();
    for (const r of rollups) {
      if (!r.subjectRef.startsWith('group:')) continue;
      if (under && !under.has(r.subjectRef)) continue;
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

  private requireRead(ctx: CallContext) {
    return this.options.access.require(
      ctx,
      complianceScoreReadPermission,
      'read compliance scores',
    );
  }

  /** Every roll-up with its subject's title and level. */
  private async rollups(): Promise<RollupScore[]> {
    const { entities, rollups } = await this.options.rollups.compute();
    const titles = new Map(entities.map(e => [e.entityRef, e.title]));
    return rollups.map(r => ({
      ...r,
      title: titles.get(r.subjectRef),
      level: this.options.evaluator.levelOf(r.score),
    }));
  }
}
