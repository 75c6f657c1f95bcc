import {
  ApiBlueprint,
  createFrontendModule,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { CostClient } from '../api';
import { CostInsightsClient, costInsightsApiRef } from '../costInsights';

/**
 * A module for the community Cost Insights plugin (plugin id
 * `cost-insights`) that makes it show the portal's costs: it provides
 * `api:cost-insights` with a `CostInsightsClient` over the cost
 * backend. Add it to the app's features next to the Cost Insights plugin.
 *
 * @alpha
 */
export const costInsightsModule = createFrontendModule({
  pluginId: 'cost-insights',
  extensions: [
    ApiBlueprint.make({
      params: defineParams =>
        defineParams({
          api: costInsightsApiRef,
          deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
          factory: ({ discoveryApi, fetchApi }) =>
            new CostInsightsClient({
              costApi: new CostClient({ discoveryApi, fetchApi }),
            }),
        }),
    }),
  ],
});
