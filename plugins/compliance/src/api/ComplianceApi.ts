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
  canManageWaivers: boolean;
}

/** The frameworks, checks and levels in force. @public */
export interface FrameworksResponse {
  frameworks: ComplianceFramework[];
  checks: ComplianceCheck[];
  levels: ComplianceLevel[];
}

/** The compliance backend's API. @public */
export interface ComplianceApi {
  getFrameworks(): Promise<FrameworksResponse>;
  /** An entity's results; `undefined` when it has not been evaluated yet. */
  getEntity(entityRef: string): Promise<EntityComplianceResponse | undefined>;
  getHeatmap(options?: { group?: string }): Promise<HeatmapResponse>;
  /** A group's or system's scores rolled up from the entities under it. */
  getRollup(subjectRef: string): Promise<RollupScore[]>;
  getHistory(options: {
    subjectRef: string;
    days?: number;
  }): Promise<HistoryPoint[]>;
  getMatrix(frameworkId: string): Promise<FrameworkMatrix>;
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
  createWaiver(input: WaiverInput): Promise<Waiver>;
  revokeWaiver(id: string): Promise<Waiver>;
}

/** The compliance API's ref, `plugin.compliance.api`. @public */
export const complianceApiRef = createApiRef<ComplianceApi>({
  id: 'plugin.compliance.api',
});
