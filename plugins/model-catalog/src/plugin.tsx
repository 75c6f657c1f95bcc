import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';

import { rootRouteRef } from './routes';

export const page = PageBlueprint.make({
  params: {
    path: '/model-catalog',
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/TodoPage').then(m => (
        <m.TodoPage />
      )),
  },
});

export const modelCatalogPlugin = createFrontendPlugin({
  pluginId: 'model-catalog',
  extensions: [page],
  routes: {
    root: rootRouteRef,
  }
});
