/**
 * Golden paths after day one: on the entity page of a project made from a
 * suite template, whether it is on the template's current version and an
 * Upgrade button opening the upgrade template; and the platform team's
 * fleet page of template versions and open upgrades; and the approvals
 * inbox where approver groups decide. This entry point
 * serves apps on the legacy frontend system; the new frontend system's
 * plugin is the default export of `./alpha`.
 *
 * @packageDocumentation
 */

export {
  goldenPathsPlugin,
  GoldenPathsPage,
  ApprovalsInboxPage,
  EntityTemplateUpgradeCard,
} from './plugin';
export { approvalsApiRef, type ApprovalsApi } from './approvals/ApprovalsApi';
export { ApprovalsClient } from './approvals/ApprovalsClient';
export {
  rootRouteRef as goldenPathsRouteRef,
  approvalsRouteRef,
  scaffolderTemplateRouteRef,
  scaffolderTaskRouteRef,
} from './routes';
export { isTemplateProvenanceAvailable } from './provenance/templateProvenance';
