import { createApiRef } from '@backstage/core-plugin-api';
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

/** An entity's compliance, with whether the user may manage its waivers. @public */
export interface EntityComplianceResponse extends EntityCompliance {
  /** Whether the user may create and revoke the entity's waivers. */
  canManageWaivers: boolean;
}

/** The frameworks, checks and levels in force. @public */
export interface FrameworksResponse {
  /** Every framework in force. */
  frameworks: ComplianceFramework[];
  /** Every check in force. */
  checks: ComplianceCheck[];
  /** The score levels, as `compliance.levels` configures them. */
  levels: ComplianceLevel[];
}

/** The compliance backend's API. @public */
export interface ComplianceApi {
  /** The frameworks, checks and levels in force. */
  getFrameworks(): Promise<FrameworksResponse>;
  /** An entity's results; `undefined` when it has not been evaluated yet. */
  getEntity(entityRef: string): Promise<EntityComplianceResponse | undefined>;
  /** Teams by frameworks; with `group`, only that group and the groups under it. */
  getHeatmap(options?: { group?: string }): Promise<HeatmapResponse>;
  /** A group's or system's scores rolled up from the entities under it. */
  getRollup(subjectRef: string): Promise<RollupScore[]>;
  /** A subject's daily scores over the last `days` days (90 when absent). */
  getHistory(options: {
    subjectRef: string;
    days?: number;
  }): Promise<HistoryPoint[]>;
  /** A framework's controls by the teams owning entities in its scope. */
  getMatrix(frameworkId: string): Promise<FrameworkMatrix>;
  /** The evidence of a framework's results, narrowed to a control or a team's entities. */
  getEvidence(options: {
    frameworkId: string;
    control?: string;
    team?: string;
  }): Promise<EvidenceRecord[]>;
  /** A link-free download of the evidence, as CSV or JSON text. */
  downloadEvidence(options: {
    frameworkId: string;
    control?: string;
    team?: string;
    format: 'csv' | 'json';
  }): Promise<Blob>;
  /** Waives one check for one entity until the waiver expires. */
  createWaiver(input: WaiverInput): Promise<Waiver>;
  /** Revokes a waiver; returns it as revoked. */
  revokeWaiver(id: string): Promise<Waiver>;
  /**
   * Re-scores one entity now from its current inputs (cluster facts at
   * most a minute old); resolves once its scorecard shows the result.
   */
  recheckEntity(entityRef: string): Promise<void>;
}

/** The compliance API's ref, `plugin.compliance.api`. @public */
export const complianceApiRef = createApiRef<ComplianceApi>({
  id: 'plugin.compliance.api',
});
