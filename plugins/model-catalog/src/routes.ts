import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The model explorer page, `/models` by default.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'model-catalog' });
