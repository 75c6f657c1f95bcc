/**
 * Golden paths after day one, for apps on the new frontend system.
 *
 * @packageDocumentation
 */

import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import TimelineIcon from '@material-ui/icons/Timeline';
import { approvalsApi } from './alpha/apis';
import { entityTemplateUpgradeCard } from './alpha/entityCards';
import { approvalsInboxPage, goldenPathsPage } from './alpha/pages';
import {
  approvalsRouteRef,
  rootRouteRef,
  scaffolderTaskRouteRef,
  scaffolderTemplateRouteRef,
} from './routes';

/**
 * The golden-paths plugin: the `/golden-paths` fleet page, the
 * `/golden-paths/approvals` inbox and the template upgrade card of entity
 * pages. Its links into the scaffolder bind to the
 * scaffolder plugin's routes by default.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'golden-paths',
  title: 'Golden paths',
  icon: <TimelineIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  extensions: [
    goldenPathsPage,
    approvalsInboxPage,
    approvalsApi,
    entityTemplateUpgradeCard,
  ],
  routes: { root: rootRouteRef, approvals: approvalsRouteRef },
  externalRoutes: {
    scaffolderTemplate: scaffolderTemplateRouteRef,
    scaffolderTask: scaffolderTaskRouteRef,
  },
});

export {
  approvalsApi,
  approvalsInboxPage,
  entityTemplateUpgradeCard,
  goldenPathsPage,
};
