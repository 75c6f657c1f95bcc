/**
 * Compliance scorecards for apps on the new frontend system.
 *
 * @packageDocumentation
 */

import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import VerifiedUserIcon from '@material-ui/icons/VerifiedUser';
import { complianceApi } from './alpha/apis';
import { entityComplianceCard } from './alpha/entityCards';
import {
  entityComplianceContent,
  groupComplianceContent,
} from './alpha/entityContent';
import { compliancePage } from './alpha/pages';
import { rootRouteRef } from './routes';

/**
 * The compliance plugin: the `/compliance` page, the entity scorecard card,
 * the entity and group "Compliance" tabs and the API client.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'compliance',
  title: 'Compliance',
  icon: <VerifiedUserIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  extensions: [
    complianceApi,
    compliancePage,
    entityComplianceCard,
    entityComplianceContent,
    groupComplianceContent,
  ],
  routes: {
    root: rootRouteRef,
  },
});

export {
  complianceApi,
  compliancePage,
  entityComplianceCard,
  entityComplianceContent,
  groupComplianceContent,
};
