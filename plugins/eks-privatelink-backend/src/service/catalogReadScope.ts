import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';

/**
 * The catalog's own read permission (`catalogEntityReadPermission` of
 * `@backstage/plugin-catalog-common`), spelled out so that the permission
 * policy sees exactly the request the catalog sends.
 */
export const catalogEntityReadPermission = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * What the permission policy lets a caller read of the catalog:
 * - `all`: every entity (the policy said ALLOW without conditions);
 * - `none`: no entity (DENY);
 * - `some`: the entities its conditions select, which only the catalog can
 *   tell, entity by entity (also when the policy could not be asked).
 */
export type CatalogReadScope = 'all' | 'none' | 'some';

/**
 * The decision the catalog itself takes before it answers any read: it asks
 * the policy for `catalog.entity.read` without a resource, with the caller's
 * credentials, and answers everything on ALLOW, nothing on DENY, and filters
 * by the conditions otherwise.
 */
export async function catalogReadScope(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<CatalogReadScope> {
  try {
    const decisions = await permissions.authorizeConditional(
      [{ permission: catalogEntityReadPermission }],
      { credentials },
    );
    const result = decisions?.[0]?.result;
    if (result === AuthorizeResult.ALLOW) {
      return 'all';
    }
    return result === AuthorizeResult.DENY ? 'none' : 'some';
  } catch {
    // The catalog, asked with the caller's credentials, decides instead.
    return 'some';
  }
}
