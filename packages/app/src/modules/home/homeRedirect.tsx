import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { Navigate } from 'react-router-dom';

/**
 * The portal's root sends people to the catalog, while the catalog keeps its
 * usual `/catalog` URLs that other plugins and docs link to.
 */
export const homeRedirect = PageBlueprint.make({
  name: 'root-redirect',
  params: {
    path: '/',
    loader: async () => <Navigate to="/catalog" replace />,
  },
});
