import { PageBlueprint } from '@backstage/frontend-plugin-api';
import TimelineIcon from '@material-ui/icons/Timeline';
import { rootRouteRef } from '../routes';

/**
 * The fleet page at `/golden-paths`: template versions in use and open
 * upgrades, `page:golden-paths`.
 *
 * @alpha
 */
export const goldenPathsPage = PageBlueprint.make({
  params: {
    path: '/golden-paths',
    title: 'Golden paths',
    icon: <TimelineIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('../components/GoldenPathsPage').then(m => (
        <m.GoldenPathsContent />
      )),
  },
});
