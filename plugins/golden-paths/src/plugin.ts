import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { approvalsApiRef } from './approvals/ApprovalsApi';
import { ApprovalsClient } from './approvals/ApprovalsClient';
import {
  approvalsRouteRef,
  rootRouteRef,
  scaffolderTaskRouteRef,
  scaffolderTemplateRouteRef,
} from './routes';

/**
 * Golden paths after day one, for apps on the legacy frontend system. Apps on
 * the new frontend system use the default export of
 * `@ai-platform/plugin-golden-paths/alpha` instead.
 *
 * @public
 */
export const goldenPathsPlugin = createPlugin({
  id: 'golden-paths',
  routes: { root: rootRouteRef, approvals: approvalsRouteRef },
  apis: [
    createApiFactory({
      api: approvalsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ApprovalsClient({ discoveryApi, fetchApi }),
    }),
  ],
  externalRoutes: {
    scaffolderTemplate: scaffolderTemplateRouteRef,
    scaffolderTask: scaffolderTaskRouteRef,
  },
});

/**
 * The fleet page of template versions and open upgrades. Mount it at
 * `/golden-paths`.
 *
 * @public
 */
export const GoldenPathsPage: () => JSX.Element = goldenPathsPlugin.provide(
  createRoutableExtension({
    name: 'GoldenPathsPage',
    component: () =>
      import('./components/GoldenPathsPage').then(m => m.GoldenPathsPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The approvals inbox: the pending approvals of the user's groups, approved
 * or rejected with a reason. Mount it at `/golden-paths/approvals`.
 *
 * @public
 */
export const ApprovalsInboxPage: () => JSX.Element = goldenPathsPlugin.provide(
  createRoutableExtension({
    name: 'ApprovalsInboxPage',
    component: () =>
      import('./components/ApprovalsInboxPage').then(m => m.ApprovalsInboxPage),
    mountPoint: approvalsRouteRef,
  }),
);

/**
 * The template upgrade card for the entity page of a project made from a
 * suite template; show it where {@link isTemplateProvenanceAvailable} holds.
 *
 * @public
 */
export const EntityTemplateUpgradeCard: () => JSX.Element =
  goldenPathsPlugin.provide(
    createComponentExtension({
      name: 'EntityTemplateUpgradeCard',
      component: {
        lazy: () =>
          import('./components/EntityTemplateUpgradeCard').then(
            m => m.EntityTemplateUpgradeCard,
          ),
      },
    }),
  );
