/**
 * Cost for apps on the new frontend system.
 *
 * @packageDocumentation
 */

import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import MonetizationOnIcon from '@material-ui/icons/MonetizationOn';
import { costApi } from './alpha/apis';
import { costInsightsModule } from './alpha/costInsights';
import { entityCostCard } from './alpha/entityCards';
import { groupCostContent } from './alpha/entityContent';
import { costExplorerPage } from './alpha/pages';
import { rootRouteRef } from './routes';

/**
 * The cost plugin: the `/cost` explorer, the "Cost" entity card, the "Cost"
 * tab of Group pages and the API client.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'cost',
  title: 'Cost',
  icon: <MonetizationOnIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  extensions: [costApi, costExplorerPage, entityCostCard, groupCostContent],
  routes: {
    root: rootRouteRef,
  },
});

export {
  costApi,
  costExplorerPage,
  entityCostCard,
  groupCostContent,
  costInsightsModule,
};
