import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  GpuProvisioningClient,
  gpuProvisioningApiRef,
} from '@ai-platform/plugin-gpu-provisioning-react';

/**
 * The GPU provisioning client, `api:gpu-provisioning`.
 *
 * @alpha
 */
export const gpuProvisioningApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: gpuProvisioningApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GpuProvisioningClient({ discoveryApi, fetchApi }),
    }),
});
