import { PageBlueprint } from '@backstage/frontend-plugin-api';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import TimelineIcon from '@material-ui/icons/Timeline';
import { approvalsRouteRef, rootRouteRef } from '../routes';

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

/**
 * The approvals inbox at `/golden-paths/approvals`: the pending approvals of
 * the user's groups, `page:golden-paths/approvals`.
 *
 * @alpha
 */
export const approvalsInboxPage = PageBlueprint.make({
  name: 'approvals',
  params: {
    path: '/golden-paths/approvals',
    title: 'Approvals',
    icon: <CheckCircleIcon fontSize="inherit" />,
    routeRef: approvalsRouteRef,
    loader: () =>
      import('../components/ApprovalsInboxPage').then(m => (
        <m.ApprovalsInboxContent />
      )),
  },
});
