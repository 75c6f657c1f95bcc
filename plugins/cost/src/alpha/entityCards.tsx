import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The "Cost" card on Component, Resource, System and Group pages,
 * `entity-card:cost/entity-cost`.
 *
 * @alpha
 */
export const entityCostCard = EntityCardBlueprint.make({
  name: 'entity-cost',
  params: {
    filter: { kind: { $in: ['component', 'resource', 'system', 'group'] } },
    loader: () =>
      import('../components/EntityCostCard').then(m => <m.EntityCostCard />),
  },
});
