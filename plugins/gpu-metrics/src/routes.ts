import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The GPU usage page, `/gpu-usage` by default.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'gpu-metrics' });
