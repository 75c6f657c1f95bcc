import { PageBlueprint } from '@backstage/frontend-plugin-api';
import MemoryIcon from '@material-ui/icons/Memory';
import { rootRouteRef } from '../routes';

/**
 * The GPU provisioning page at `/gpu`, `page:gpu-provisioning`. Its title and
 * icon make the sidebar entry.
 *
 * @alpha
 */
export const gpuProvisioningPage = PageBlueprint.make({
  params: {
    path: '/gpu',
    title: 'GPU provisioning',
    icon: <MemoryIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('../components/GpuProvisioningPage').then(m => (
        <m.GpuProvisioningContent />
      )),
  },
});
