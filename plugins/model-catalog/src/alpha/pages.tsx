import { PageBlueprint } from '@backstage/frontend-plugin-api';
import CategoryIcon from '@material-ui/icons/Category';
import { rootRouteRef } from '../routes';

/**
 * The model explorer at `/models`, `page:model-catalog`. Its title and icon
 * make the sidebar entry.
 *
 * @alpha
 */
export const modelExplorerPage = PageBlueprint.make({
  params: {
    path: '/models',
    title: 'Models',
    icon: <CategoryIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('../components/ModelExplorerPage').then(m => (
        <m.ModelExplorerContent />
      )),
  },
});
