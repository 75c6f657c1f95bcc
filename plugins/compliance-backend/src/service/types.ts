import { AuditContext } from '@ai-platform/plugin-ai-platform-node';
import {
  ComplianceCheck,
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

/** What a run did. */
export interface RunSummary {
  /** `entities`: the per-entity path, for entities seen to change. */
  mode: 'full' | 'incremental' | 'entities';
  evaluated: number;
  removed: number;
  unchanged: number;
  durationMs: number;
}

/** The calling principal: every permission check and audit event is about it. */
export type CallContext = AuditContext;

/** Evaluation runs: scheduled (full and incremental) and on demand. */
export interface EvaluationService {
  /**
   * Gathers facts for every entity and evaluates those whose inputs (facts,
   * waivers in force, definitions) changed since their last evaluation.
   */
  runFull(): Promise<RunSummary>;
  /**
   * Re-evaluates only entities that changed since their last evaluation,
   * new ones and ones whose waiver expired since; removes entities gone from
   * the catalog.
   */
  runIncremental(): Promise<RunSummary>;
  /**
   * The per-entity path: re-evaluates these entities as the catalog has them
   * now (removes those gone) and records their scorecards, their teams' and
   * systems' roll-ups, without reading the rest of the catalog.
   */
  evaluateEntities(entityRefs: string[]): Promise<RunSummary>;
  /** Starts a full evaluation on demand (approvers only), audited. */
  evaluateNow(ctx: CallContext): Promise<RunSummary>;
  /**
   * Re-scores one entity now through the per-entity path (the entity
   * page's "Re-check now"), audited; `NotFoundError` when the catalog has
   * no such entity and none was scored.
   */
  evaluateEntityNow(ctx: CallContext, entityRef: string): Promise<RunSummary>;
}

/** Reading scorecards: the frameworks in force and one entity's results. */
export interface ScorecardService {
  frameworks(ctx: CallContext): Promise<{
    frameworks: ComplianceFramework[];
    checks: ComplianceCheck[];
    levels: ComplianceLevel[];
  }>;
  entity(
    ctx: CallContext,
    entityRef: string,
  ): Promise<EntityCompliance & { canManageWaivers: boolean }>;
}

/** Scores rolled up to systems and to groups along the catalog's Group tree. */
export interface RollupService {
  /** Rolled-up scores of a group or system. */
  subject(ctx: CallContext, subjectRef: string): Promise<RollupScore[]>;
  /** Teams by frameworks; under one group when `groupRef` is given. */
  heatmap(ctx: CallContext, groupRef?: string): Promise<HeatmapResponse>;
}

/** Daily scores of entities, systems and groups. */
export interface HistoryService {
  history(
    ctx: CallContext,
    subjectRef: string,
    days: number,
  ): Promise<HistoryPoint[]>;
}

/** What auditors read: control matrices and the evidence behind results. */
export interface EvidenceService {
  /** A framework's controls by owning teams: entities meeting each control. */
  matrix(ctx: CallContext, frameworkId: string): Promise<FrameworkMatrix>;
  /** Each result of a framework's controls with the facts and times that decided it. */
  evidence(
    ctx: CallContext,
    query: {
      frameworkId: string;
      control?: string;
      team?: string;
      entityRef?: string;
    },
  ): Promise<EvidenceRecord[]>;
}

/** Granting and revoking waivers (approvers only), audited. */
export interface WaiverService {
  createWaiver(ctx: CallContext, input: WaiverInput): Promise<Waiver>;
  revokeWaiver(ctx: CallContext, id: string): Promise<Waiver>;
}

/** The plugin's use cases, as the router, the actions and the scheduler use them. */
export interface ComplianceServices {
  evaluations: EvaluationService;
  scorecards: ScorecardService;
  rollups: RollupService;
  history: HistoryService;
  evidence: EvidenceService;
  waivers: WaiverService;
}
