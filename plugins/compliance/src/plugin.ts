import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ComplianceClient, complianceApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * Compliance scorecards for apps on the legacy frontend system. Apps on the
 * new frontend system use the default export of
 * `@ai-platform/plugin-compliance/alpha` instead.
 *
 * @public
 */
export const compliancePlugin = createPlugin({
  id: 'compliance',
  apis: [
    createApiFactory({
      api: complianceApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ComplianceClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The compliance page: teams heat map and framework pages. Mount it at `/compliance`.
 *
 * @public
 */
export const CompliancePage: () => JSX.Element = compliancePlugin.provide(
  createRoutableExtension({
    name: 'CompliancePage',
    component: () =>
      import('./components/CompliancePage').then(m => m.CompliancePage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The compliance scorecard card for entity pages.
 *
 * @public
 */
export const EntityComplianceCard: () => JSX.Element = compliancePlugin.provide(
  createComponentExtension({
    name: 'EntityComplianceCard',
    component: {
      lazy: () =>
        import('./components/EntityComplianceCard').then(
          m => m.EntityComplianceCard,
        ),
    },
  }),
);

/**
 * The compliance tab content for Component, Resource, API and System pages.
 *
 * @public
 */
export const EntityComplianceContent: () => JSX.Element =
  compliancePlugin.provide(
    createComponentExtension({
      name: 'EntityComplianceContent',
      component: {
        lazy: () =>
          import('./components/EntityComplianceContent').then(
            m => m.EntityComplianceContent,
          ),
      },
    }),
  );

/**
 * The compliance tab content for Group pages: teams heat map and trend.
 *
 * @public
 */
export const GroupComplianceContent: () => JSX.Element =
  compliancePlugin.provide(
    createComponentExtension({
      name: 'GroupComplianceContent',
      component: {
        lazy: () =>
          import('./components/GroupComplianceContent').then(
            m => m.GroupComplianceContent,
          ),
      },
    }),
  );
