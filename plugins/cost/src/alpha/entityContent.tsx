import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The "Cost" tab of Group pages, for managers: the spend of the group and of
 * each child team, top services, idle waste, budgets and owners,
 * `entity-content:cost/group-cost`.
 *
 * @alpha
 */
export const groupCostContent = EntityContentBlueprint.make({
  name: 'group-cost',
  params: {
    path: '/cost',
    title: 'Cost',
    filter: { kind: 'group' },
    loader: () =>
      import('../components/GroupCostPage').then(m => <m.GroupCostContent />),
  },
});
