import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { CostClient, costApiRef } from '../api';

/**
 * The cost client, `api:cost`.
 *
 * @alpha
 */
export const costApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: costApiRef,
      deps: {
        discoveryApi: discoveryApiRef,
        fetchApi: fetchApiRef,
        permissionApi: permissionApiRef,
      },
      factory: ({ discoveryApi, fetchApi, permissionApi }) =>
        new CostClient({ discoveryApi, fetchApi, permissionApi }),
    }),
});
