/**
 * GPU provisioning for apps on the new frontend system.
 *
 * @packageDocumentation
 */

import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import MemoryIcon from '@material-ui/icons/Memory';
import { gpuProvisioningApi } from './alpha/apis';
import {
  entityGpuAllocationsCard,
  entityQuotaSharingCard,
} from './alpha/entityCards';
import { gpuResourcePickerExtension } from './scaffolder/gpuResourcePickerExtension';
import { gpuProvisioningPage } from './alpha/pages';
import { rootRouteRef } from './routes';

/**
 * The GPU provisioning plugin: the `/gpu` page, the "GPU allocations" and
 * "Shared GPU quota" entity cards and the API client.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'gpu-provisioning',
  title: 'GPU provisioning',
  icon: <MemoryIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  extensions: [
    gpuProvisioningApi,
    gpuProvisioningPage,
    entityGpuAllocationsCard,
    entityQuotaSharingCard,
    gpuResourcePickerExtension,
  ],
  routes: {
    root: rootRouteRef,
  },
});

export {
  gpuProvisioningApi,
  gpuProvisioningPage,
  entityGpuAllocationsCard,
  entityQuotaSharingCard,
  gpuResourcePickerExtension,
};
