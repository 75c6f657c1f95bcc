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
import { ComplianceStore } from '../database/types';
import { GroupRollups } from './GroupRollups';
import { Rollup } from './rollups';
import { normalizeEntityRef } from './normalizeEntityRef';
import { CallContext, RollupService } from './types';

/** Scores of systems and teams: one subject, or the heat map of teams. */
export class DefaultRollupService implements RollupService {
  static create(options: {
    store: ComplianceStore;
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
    return this.withTitles(await this.options.rollups.computeFor([subjectRef]));
  }

  async heatmap(
    ctx: CallContext,
    groupRefInput?: string,
  ): Promise<HeatmapResponse> {
    await this.requireRead(ctx);
    const rollups = await this.withTitles(
      await this.options.rollups.compute({ groupsOnly: true }),
    );
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

  /** Roll-ups with their subjects' titles and levels. */
  private async withTitles(rollups: Rollup[]): Promise<RollupScore[]> {
    const kinds = new Set(rollups.map(r => r.subjectRef.split(':')[0]));
    const titles = new Map<string, string | undefined>();
    for (const kind of kinds)
      for (const [ref, title] of await this.options.store.titles(kind))
        titles.set(ref, title);
    return rollups.map(r => ({
      ...r,
      title: titles.get(r.subjectRef),
      level: this.options.evaluator.levelOf(r.score),
    }));
  }
}
