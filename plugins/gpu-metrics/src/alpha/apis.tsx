import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { GpuMetricsClient, gpuMetricsApiRef } from '../api';

/**
 * The GPU metrics client, `api:gpu-metrics`.
 *
 * @alpha
 */
export const gpuMetricsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: gpuMetricsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GpuMetricsClient({ discoveryApi, fetchApi }),
    }),
});
