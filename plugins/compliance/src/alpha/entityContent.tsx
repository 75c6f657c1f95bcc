import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The "Compliance" tab of Component, Resource, API and System pages,
 * `entity-content:compliance/entity`.
 *
 * @alpha
 */
export const entityComplianceContent = EntityContentBlueprint.make({
  name: 'entity',
  params: {
    path: '/compliance',
    title: 'Compliance',
    filter: { kind: { $in: ['component', 'resource', 'api', 'system'] } },
    loader: () =>
      import('../components/EntityComplianceContent').then(m => (
        <m.EntityComplianceContent />
      )),
  },
});

/**
 * The "Compliance" tab of Group pages: the teams heat map and trend,
 * `entity-content:compliance/group`.
 *
 * @alpha
 */
export const groupComplianceContent = EntityContentBlueprint.make({
  name: 'group',
  params: {
    path: '/compliance',
    title: 'Compliance',
    filter: { kind: 'group' },
    loader: () =>
      import('../components/GroupComplianceContent').then(m => (
        <m.GroupComplianceContent />
      )),
  },
});
