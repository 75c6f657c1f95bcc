/**
 * Test infrastructure shared by the AI Platform Portal's plugins.
 *
 * @packageDocumentation
 */

export {
  createTestDatabases,
  TEST_DATABASE_IDS,
  POSTGRES_URL_VARIABLE,
} from './createTestDatabases';

export { waitFor } from './waitFor';
export { actorAuthServiceFactory } from './actorAuthServiceFactory';
export { dumpDatabase, listTables } from './dumpDatabase';
export {
  hostileBody,
  hostileQuery,
  hostileSegment,
  toQueryString,
  type HostileBody,
} from './hostileInput';
export { RefusalChecker, type CheckedAnswer } from './RefusalChecker';
export {
  contractOf,
  documentedOperations,
  registeredOperations,
  type Operation,
  type RecordedResponse,
} from './openApiContract';
export {
  fleetKubernetesConfig,
  type FleetCluster,
  type FleetKubernetesConfigOptions,
} from './fleetKubernetesConfig';
export { recordingAuditor, type RecordedAuditEvent } from './recordingAuditor';
export {
  focusCsv,
  focusTestRow,
  FOCUS_TEST_COLUMNS,
  type FocusTestRow,
} from './focusCsv';
export {
  suitePermissions,
  type SuitePermissionsOptions,
} from './suitePermissions';
export {
  suitePermissionBackendFeatures,
  asUser,
  asService,
} from './suitePermissionBackend';
export { routesOf } from './routesOf';
