/**
 * Golden paths after day one: on the entity page of a project made from a
 * suite template, whether it is on the template's current version and an
 * Upgrade button opening the upgrade template; and the platform team's
 * fleet page of template versions and open upgrades. This entry point
 * serves apps on the legacy frontend system; the new frontend system's
 * plugin is the default export of `./alpha`.
 *
 * @packageDocumentation
 */

export {
  goldenPathsPlugin,
  GoldenPathsPage,
  EntityTemplateUpgradeCard,
} from './plugin';
export {
  rootRouteRef as goldenPathsRouteRef,
  scaffolderTemplateRouteRef,
  scaffolderTaskRouteRef,
} from './routes';
export { isTemplateProvenanceAvailable } from './provenance/templateProvenance';
