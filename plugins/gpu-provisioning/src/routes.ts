import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The GPU provisioning page, `/gpu` by default.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'gpu-provisioning' });
