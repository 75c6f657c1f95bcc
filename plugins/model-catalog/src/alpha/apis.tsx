import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { ModelCatalogClient, modelCatalogApiRef } from '../api';

/**
 * The model catalog client, `api:model-catalog`.
 *
 * @alpha
 */
export const modelCatalogApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: modelCatalogApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ModelCatalogClient({ discoveryApi, fetchApi }),
    }),
});
