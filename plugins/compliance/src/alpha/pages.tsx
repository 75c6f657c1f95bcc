import { PageBlueprint } from '@backstage/frontend-plugin-api';
import VerifiedUserIcon from '@material-ui/icons/VerifiedUser';
import { rootRouteRef } from '../routes';

/**
 * The compliance page at `/compliance`: the teams heat map and one tab per
 * framework, `page:compliance`.
 *
 * @alpha
 */
export const compliancePage = PageBlueprint.make({
  params: {
    path: '/compliance',
    title: 'Compliance',
    icon: <VerifiedUserIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('../components/CompliancePage').then(m => <m.ComplianceContent />),
  },
});
