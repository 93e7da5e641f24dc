import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The fleet page, `/eks-privatelink` unless the app mounts it elsewhere.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'eks-privatelink' });
