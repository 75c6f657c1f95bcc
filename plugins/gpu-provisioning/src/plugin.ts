import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  GpuProvisioningClient,
  gpuProvisioningApiRef,
} from '@ai-platform/plugin-gpu-provisioning-react';
import { rootRouteRef } from './routes';

/**
 * GPU provisioning for apps on the legacy frontend system. Apps on the new
 * frontend system use the default export of
 * `@ai-platform/plugin-gpu-provisioning/alpha` instead.
 *
 * @public
 */
export const gpuProvisioningPlugin = createPlugin({
  id: 'gpu-provisioning',
  apis: [
    createApiFactory({
      api: gpuProvisioningApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GpuProvisioningClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The GPU provisioning page: capacity, the request form, the user's
 * requests and approvals. Mount it at `/gpu`.
 *
 * @public
 */
export const GpuProvisioningPage: () => JSX.Element =
  gpuProvisioningPlugin.provide(
    createRoutableExtension({
      name: 'GpuProvisioningPage',
      component: () =>
        import('./components/GpuProvisioningPage').then(
          m => m.GpuProvisioningPage,
        ),
      mountPoint: rootRouteRef,
    }),
  );

/**
 * The "GPU allocations" card for Group, Component and System pages.
 *
 * @public
 */
export const EntityGpuAllocationsCard: () => JSX.Element =
  gpuProvisioningPlugin.provide(
    createComponentExtension({
      name: 'EntityGpuAllocationsCard',
      component: {
        lazy: () =>
          import('./components/EntityGpuAllocationsCard').then(
            m => m.EntityGpuAllocationsCard,
          ),
      },
    }),
  );

/**
 * The "Shared GPU quota" card for Group pages: how the team borrows and lends
 * GPUs in its department's Kueue cohort.
 *
 * @public
 */
export const EntityQuotaSharingCard: () => JSX.Element =
  gpuProvisioningPlugin.provide(
    createComponentExtension({
      name: 'EntityQuotaSharingCard',
      component: {
        lazy: () =>
          import('./components/EntityQuotaSharingCard').then(
            m => m.EntityQuotaSharingCard,
          ),
      },
    }),
  );
