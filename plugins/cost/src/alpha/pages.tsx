import { PageBlueprint } from '@backstage/frontend-plugin-api';
import MonetizationOnIcon from '@material-ui/icons/MonetizationOn';
import { rootRouteRef } from '../routes';

/**
 * The cost explorer at `/cost`, `page:cost`. Its title and icon make the
 * sidebar entry.
 *
 * @alpha
 */
export const costExplorerPage = PageBlueprint.make({
  params: {
    path: '/cost',
    title: 'Cost',
    icon: <MonetizationOnIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('../components/CostExplorerPage').then(m => (
        <m.CostExplorerContent />
      )),
  },
});
