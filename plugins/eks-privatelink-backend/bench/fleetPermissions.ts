import {
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  AuthorizePermissionRequest,
  AuthorizePermissionResponse,
  AuthorizeResult,
  QueryPermissionRequest,
  QueryPermissionResponse,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { FLEET_GROUPS } from './fleetFixtures';

/** The users whose catalog reads are conditional: `user:default/fleet-<i>`. */
export const FLEET_USER_PREFIX = 'user:default/fleet-';

function fleetUser(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as Partial<BackstageUserPrincipal>;
  if (
    principal.type === 'user' &&
    principal.userEntityRef?.startsWith(FLEET_USER_PREFIX)
  ) {
    return principal.userEntityRef;
  }
  return undefined;
}

/**
 * A policy in the permission service itself, as a deployment's policy
 * would answer: for a fleet user `catalog.entity.read` is CONDITIONAL,
 * isEntityOwner over the user and the group `fleet-a` it is a member of, so
 * the catalog filters in SQL and the plugin takes its conditional path.
 * Everyone else, and every other permission, is allowed (as the mock
 * permissions service of the card bench allows everything). Definitive
 * checks of fleet users are allowed too: the fleet bench sends none that a
 * condition would change.
 */
export class FleetPermissions implements PermissionsService {
  async authorize(
    requests: AuthorizePermissionRequest[],
  ): Promise<AuthorizePermissionResponse[]> {
    return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
  }

  async authorizeConditional(
    requests: QueryPermissionRequest[],
    options: { credentials: BackstageCredentials },
  ): Promise<QueryPermissionResponse[]> {
    const user = fleetUser(options.credentials);
    return requests.map(({ permission }) => {
      if (
        user &&
        permission.name === 'catalog.entity.read' &&
        isResourcePermission(permission, 'catalog-entity')
      ) {
        return createCatalogConditionalDecision(
          permission,
          catalogConditions.isEntityOwner({ claims: [user, FLEET_GROUPS[0]] }),
        );
      }
      return { result: AuthorizeResult.ALLOW };
    });
  }
}

export const fleetPermissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => new FleetPermissions(),
});
