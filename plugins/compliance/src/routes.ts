import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The compliance page, `/compliance` by default.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'compliance' });
