/**
 * The model catalog for apps on the new frontend system.
 *
 * @packageDocumentation
 */

import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import CategoryIcon from '@material-ui/icons/Category';
import { modelCatalogApi } from './alpha/apis';
import {
  modelDeploymentsEntityCard,
  modelGpuFitEntityCard,
  modelOverviewEntityCard,
  modelServingEntityCard,
} from './alpha/entityCards';
import {
  modelEntityContent,
  modelServingEntityContent,
} from './alpha/entityContent';
import { modelExplorerPage } from './alpha/pages';
import { rootRouteRef } from './routes';

/**
 * The model catalog plugin: the `/models` explorer, the "Model" tab and
 * overview cards of model entities, the "Serving" tab of models and model
 * servers, and the API client.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'model-catalog',
  title: 'Models',
  icon: <CategoryIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  extensions: [
    modelCatalogApi,
    modelExplorerPage,
    modelEntityContent,
    modelOverviewEntityCard,
    modelGpuFitEntityCard,
    modelDeploymentsEntityCard,
    modelServingEntityContent,
    modelServingEntityCard,
  ],
  routes: {
    root: rootRouteRef,
  },
});

export {
  modelCatalogApi,
  modelExplorerPage,
  modelEntityContent,
  modelOverviewEntityCard,
  modelGpuFitEntityCard,
  modelDeploymentsEntityCard,
  modelServingEntityContent,
  modelServingEntityCard,
};
