/**
 * The AI Platform Portal's shared backend layer.
 *
 * @packageDocumentation
 */

export {
  refuseServiceCallersOnChanges,
  type ServiceRoute,
} from './http/refuseServiceCallersOnChanges';
export { csvCell, csvLine } from './csv/csvCell';
export { entityRefKey, entityRefsEqual } from './catalog/entityRefKey';
export {
  parseLabelSelector,
  isLabelSelector,
  isLabelKey,
  isLabelValue,
  LabelSelectorError,
  type LabelSelectorOperator,
  type LabelSelectorRequirement,
} from './kubernetes/labelSelector';
export { entityRefKeys } from './catalog/entityRefKeys';
export {
  CatalogGroupTree,
  ownersOf,
  parentsOf,
} from './catalog/CatalogGroupTree';
export { ClusterRegistry } from './clusters/ClusterRegistry';
export type { RegisteredCluster, ClusterUnusable } from './clusters/types';
export { aiPlatformClustersServiceRef } from './clusters/aiPlatformClustersServiceRef';
export { GpuClassCatalog } from './gpuClasses/GpuClassCatalog';
export type {
  GpuClass,
  GpuClassField,
  GpuClassWith,
  GpuMigProfile,
} from './gpuClasses/types';
export { aiPlatformGpuClassesServiceRef } from './gpuClasses/aiPlatformGpuClassesServiceRef';
export {
  CallAuditor,
  type AuditContext,
  type AuditedCall,
} from './audit/CallAuditor';
export {
  parseInput,
  formatInputIssues,
  type ParseInputOptions,
} from './input/parseInput';
export {
  scheduleSuiteTask,
  type SuiteTaskOptions,
} from './scheduling/scheduleSuiteTask';
export { RunHeartbeat, replicaId } from './scheduling/RunHeartbeat';
export {
  migrateToLatest,
  type MigratableDatabase,
  type MigrateToLatestOptions,
} from './database/migrateToLatest';
export { useWriteAheadLog } from './database/useWriteAheadLog';
export { isUniqueViolation } from './database/isUniqueViolation';
export { withWriteAheadLog } from './database/withWriteAheadLog';
export { memoizeFor, type MemoizeForOptions } from './caching/memoizeFor';
export {
  openPluginDatabase,
  type OpenPluginDatabaseOptions,
} from './database/openPluginDatabase';
export {
  CatalogTeamMembership,
  type TeamMembership,
} from './organisation/CatalogTeamMembership';
export {
  aiPlatformOrganisationServiceRef,
  type AiPlatformOrganisation,
} from './organisation/aiPlatformOrganisationServiceRef';
