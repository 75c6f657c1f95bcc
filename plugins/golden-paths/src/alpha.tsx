/**
 * Golden paths after day one, for apps on the new frontend system.
 *
 * @packageDocumentation
 */

import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import TimelineIcon from '@material-ui/icons/Timeline';
import { entityTemplateUpgradeCard } from './alpha/entityCards';
import { goldenPathsPage } from './alpha/pages';
import {
  rootRouteRef,
  scaffolderTaskRouteRef,
  scaffolderTemplateRouteRef,
} from './routes';

/**
 * The golden-paths plugin: the `/golden-paths` fleet page and the template
 * upgrade card of entity pages. Its links into the scaffolder bind to the
 * scaffolder plugin's routes by default.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'golden-paths',
  title: 'Golden paths',
  icon: <TimelineIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  extensions: [goldenPathsPage, entityTemplateUpgradeCard],
  routes: { root: rootRouteRef },
  externalRoutes: {
    scaffolderTemplate: scaffolderTemplateRouteRef,
    scaffolderTask: scaffolderTaskRouteRef,
  },
});

export { entityTemplateUpgradeCard, goldenPathsPage };
