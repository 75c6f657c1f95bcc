import { PageBlueprint } from '@backstage/frontend-plugin-api';
import EqualizerIcon from '@material-ui/icons/Equalizer';
import { rootRouteRef } from '../routes';

/**
 * The GPU usage page at `/gpu-usage`, `page:gpu-metrics`. Its title and icon
 * make the sidebar entry.
 *
 * @alpha
 */
export const gpuUsagePage = PageBlueprint.make({
  params: {
    path: '/gpu-usage',
    title: 'GPU usage',
    icon: <EqualizerIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('../components/GpuUsagePage').then(m => <m.GpuUsageContent />),
  },
});
