/**
 * Compliance scorecards for the AI Platform Portal: the entity scorecard card
 * and tab, the group heat map and trend, and the framework pages with
 * evidence export. This entry point serves apps on the legacy frontend
 * system; the new frontend system's plugin is the default export of `./alpha`.
 *
 * @packageDocumentation
 */

export {
  compliancePlugin,
  CompliancePage,
  EntityComplianceCard,
  EntityComplianceContent,
  GroupComplianceContent,
} from './plugin';
export { rootRouteRef as complianceRouteRef } from './routes';
export { complianceApiRef, ComplianceClient } from './api';
export type {
  ComplianceApi,
  EntityComplianceResponse,
  FrameworksResponse,
} from './api';
