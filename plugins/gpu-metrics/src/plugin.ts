import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { GpuMetricsClient, gpuMetricsApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * GPU metrics for apps on the legacy frontend system. Apps on the new
 * frontend system use the default export of
 * `@ai-platform/plugin-gpu-metrics/alpha` instead.
 *
 * @public
 */
export const gpuMetricsPlugin = createPlugin({
  id: 'gpu-metrics',
  apis: [
    createApiFactory({
      api: gpuMetricsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GpuMetricsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The fleet's GPU usage page: utilisation per cluster, the heat map and the
 * idle GPUs. Mount it at `/gpu-usage`.
 *
 * @public
 */
export const GpuUsagePage: () => JSX.Element = gpuMetricsPlugin.provide(
  createRoutableExtension({
    name: 'GpuUsagePage',
    component: () =>
      import('./components/GpuUsagePage').then(m => m.GpuUsagePage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The "GPU usage" card for Component and System pages.
 *
 * @public
 */
export const EntityGpuUsageCard: () => JSX.Element = gpuMetricsPlugin.provide(
  createComponentExtension({
    name: 'EntityGpuUsageCard',
    component: {
      lazy: () =>
        import('./components/EntityGpuUsageCard').then(
          m => m.EntityGpuUsageCard,
        ),
    },
  }),
);

/**
 * The "Team GPU usage" card for Group pages.
 *
 * @public
 */
export const GroupGpuUsageCard: () => JSX.Element = gpuMetricsPlugin.provide(
  createComponentExtension({
    name: 'GroupGpuUsageCard',
    component: {
      lazy: () =>
        import('./components/GroupGpuUsageCard').then(m => m.GroupGpuUsageCard),
    },
  }),
);
