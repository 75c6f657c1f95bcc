/**
 * GPU metrics for apps on the new frontend system.
 *
 * @packageDocumentation
 */

import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import EqualizerIcon from '@material-ui/icons/Equalizer';
import { gpuMetricsApi } from './alpha/apis';
import { entityGpuUsageCard, groupGpuUsageCard } from './alpha/entityCards';
import { gpuUsagePage } from './alpha/pages';
import { rootRouteRef } from './routes';

/**
 * The GPU metrics plugin: the `/gpu-usage` page, the "GPU usage" and "Team
 * GPU usage" entity cards and the API client.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'gpu-metrics',
  title: 'GPU usage',
  icon: <EqualizerIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  extensions: [
    gpuMetricsApi,
    gpuUsagePage,
    entityGpuUsageCard,
    groupGpuUsageCard,
  ],
  routes: {
    root: rootRouteRef,
  },
});

export { gpuMetricsApi, gpuUsagePage, entityGpuUsageCard, groupGpuUsageCard };
