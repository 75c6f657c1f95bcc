/**
 * The compliance backend plugin: frameworks, checks, facts, scores, history,
 * waivers and evidence export.
 *
 * @packageDocumentation
 */

export { compliancePlugin as default } from './plugin';
export { compliancePlugin } from './plugin';
export {
  createComplianceServices,
  type ComplianceServicesOptions,
} from './service/createComplianceServices';
export type {
  CallContext,
  ComplianceServices,
  EvaluationService,
  EvidenceService,
  HistoryService,
  RollupService,
  RunSummary,
  ScorecardService,
  WaiverService,
} from './service/types';
export { ComplianceEvaluator } from './service/ComplianceEvaluator';
export { FrameworkRegistry } from './frameworks/FrameworkRegistry';
export type { DefinitionSource } from './frameworks/FrameworkRegistry';
export { DatabaseComplianceStore } from './database/DatabaseComplianceStore';
export type { ComplianceStore } from './database/types';
export type { FactRetriever, EntityFacts, FactContext } from './facts/types';
export { evidenceToCsv, evidenceFromCsv } from './service/evidenceCsv';
