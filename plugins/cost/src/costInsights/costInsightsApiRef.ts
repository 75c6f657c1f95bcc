import { createApiRef } from '@backstage/core-plugin-api';
import { CostInsightsApi } from './types';

/**
 * The Cost Insights plugin's API reference, with the id the community plugin
 * uses (`plugin.costinsights.service`), so that a factory for it replaces
 * the plugin's own.
 *
 * @public
 */
export const costInsightsApiRef = createApiRef<CostInsightsApi>({
  id: 'plugin.costinsights.service',
});
