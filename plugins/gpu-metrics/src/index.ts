/**
 * GPU usage for the AI Platform Portal: the "GPU usage" card of Components
 * and Systems, the "Team GPU usage" card of Groups, and the fleet page with
 * utilisation per cluster, a heat map and the idle GPUs. This entry point
 * serves apps on the legacy frontend system; the new frontend system's plugin
 * is the default export of `./alpha`.
 *
 * @packageDocumentation
 */

export {
  gpuMetricsPlugin,
  GpuUsagePage,
  EntityGpuUsageCard,
  GroupGpuUsageCard,
} from './plugin';
export { rootRouteRef as gpuMetricsRouteRef } from './routes';
export { gpuMetricsApiRef, GpuMetricsClient } from './api';
export type { GpuMetricsApi } from './api';
