import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isPermission,
  Permission,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  eksPrivateLinkEndpointCreatePermission,
  eksPrivateLinkEndpointDeletePermission,
  eksPrivateLinkInventoryRefreshPermission,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

/** Members of this group may do everything in the local portal. */
export const PLATFORM_ADMINS_GROUP = 'group:default/platform-admins';

/** The permissions that change a VPC's networking, granted to its owners. */
const OWNER_SCOPED_PERMISSIONS = [
  eksPrivateLinkEndpointCreatePermission,
  eksPrivateLinkEndpointDeletePermission,
  eksPrivateLinkInventoryRefreshPermission,
];

function isOwnerScoped(
  permission: Permission,
): permission is ResourcePermission<'catalog-entity'> {
  return OWNER_SCOPED_PERMISSIONS.some(p => isPermission(permission, p));
}

/**
 * The local portal's policy: platform admins may do everything; the owners of
 * a VPC entity (directly or through a group) may create, delete and refresh
 * its EKS endpoint; everything else is allowed, as the allow-all policy did.
 */
export class LocalPortalPermissionPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!user) {
      // Backend plugins' own service calls never get here: the permissions
      // service allows service principals itself. What is left is a caller
      // without a user identity, and there are no ownership refs to match a
      // VPC's owner against, so networking changes are refused.
      return {
        result: isOwnerScoped(permission)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      };
    }

    // `user.info` is deprecated in favour of the user info service, which
    // caches its answer per token, so asking it per decision is cheap.
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    if (ownershipEntityRefs.includes(PLATFORM_ADMINS_GROUP)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isOwnerScoped(permission)) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Installs {@link LocalPortalPermissionPolicy} in the permission backend. */
export const localPortalPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'local-portal-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, userInfo }) {
        policy.setPolicy(new LocalPortalPermissionPolicy(userInfo));
      },
    });
  },
});
