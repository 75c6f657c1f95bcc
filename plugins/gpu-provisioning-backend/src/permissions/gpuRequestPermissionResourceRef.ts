import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import {
  GPU_REQUEST_RESOURCE_TYPE,
  GpuRequest,
} from '@ai-platform/plugin-gpu-provisioning-common';
import { GpuRequestPermissionQuery } from '../database/types';

/**
 * GPU requests as a resource of the permission framework: rules apply to a
 * {@link @ai-platform/plugin-gpu-provisioning-common#GpuRequest} and
 * translate to store filters.
 *
 * @alpha
 */
export const gpuRequestPermissionResourceRef = createPermissionResourceRef<
  GpuRequest,
  GpuRequestPermissionQuery
>().with({
  pluginId: 'gpu-provisioning',
  resourceType: GPU_REQUEST_RESOURCE_TYPE,
});
