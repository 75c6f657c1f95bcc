import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { CostClient, costApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * Cost for apps on the legacy frontend system. Apps on the new frontend
 * system use the default export of `@ai-platform/plugin-cost/alpha` instead.
 *
 * @public
 */
export const costPlugin = createPlugin({
  id: 'cost',
  apis: [
    createApiFactory({
      api: costApiRef,
      deps: {
        discoveryApi: discoveryApiRef,
        fetchApi: fetchApiRef,
        permissionApi: permissionApiRef,
      },
      factory: ({ discoveryApi, fetchApi, permissionApi }) =>
        new CostClient({ discoveryApi, fetchApi, permissionApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The cost explorer: pick a group or entity, a range, a granularity and a
 * split; see the chart, the table and the top spenders. Mount it at `/cost`.
 *
 * @public
 */
export const CostExplorerPage: () => JSX.Element = costPlugin.provide(
  createRoutableExtension({
    name: 'CostExplorerPage',
    component: () =>
      import('./components/CostExplorerPage').then(m => m.CostExplorerPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The "Cost" card for Component, Resource, System and Group pages: this
 * month, the change against last month, the trend, the split and the idle
 * GPU waste.
 *
 * @public
 */
export const EntityCostCard: () => JSX.Element = costPlugin.provide(
  createComponentExtension({
    name: 'EntityCostCard',
    component: {
      lazy: () =>
        import('./components/EntityCostCard').then(m => m.EntityCostCard),
    },
  }),
);

/**
 * The cost of a Group for managers, as the content of a "Cost" tab on Group
 * pages: the group and each child team over time, top services, idle waste,
 * budgets, owners and a CSV export.
 *
 * @public
 */
export const EntityGroupCostContent: () => JSX.Element = costPlugin.provide(
  createComponentExtension({
    name: 'EntityGroupCostContent',
    component: {
      lazy: () =>
        import('./components/GroupCostPage').then(m => m.GroupCostContent),
    },
  }),
);
