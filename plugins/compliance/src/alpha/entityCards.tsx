import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The compliance scorecard on Component, Resource, API and System pages,
 * `entity-card:compliance/scorecard`.
 *
 * @alpha
 */
export const entityComplianceCard = EntityCardBlueprint.make({
  name: 'scorecard',
  params: {
    filter: { kind: { $in: ['component', 'resource', 'api', 'system'] } },
    loader: () =>
      import('../components/EntityComplianceCard').then(m => (
        <m.EntityComplianceCard />
      )),
  },
});
