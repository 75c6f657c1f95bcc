import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The cost explorer page, `/cost` by default.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'cost' });
