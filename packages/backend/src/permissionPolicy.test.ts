import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  eksPrivateLinkEndpointCreatePermission,
  eksPrivateLinkEndpointDeletePermission,
  eksPrivateLinkInventoryRefreshPermission,
  eksPrivateLinkVpcOnboardPermission,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  LocalPortalPermissionPolicy,
  localPortalPermissionPolicyModule,
  PLATFORM_ADMINS_GROUP,
} from './permissionPolicy';

const ownerScoped = [
  eksPrivateLinkEndpointCreatePermission,
  eksPrivateLinkEndpointDeletePermission,
  eksPrivateLinkInventoryRefreshPermission,
];

// Permissions of other plugins, as the catalog and scaffolder define them.
const catalogEntityRead = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});
const catalogEntityDelete = createPermission({
  name: 'catalog.entity.delete',
  attributes: { action: 'delete' },
  resourceType: 'catalog-entity',
});
const scaffolderTaskCreate = createPermission({
  name: 'scaffolder.task.create',
  attributes: { action: 'create' },
});
const others: Permission[] = [
  catalogEntityRead,
  catalogEntityDelete,
  scaffolderTaskCreate,
  eksPrivateLinkVpcOnboardPermission,
];

const guestRefs = ['user:default/guest', 'group:default/platform-networking'];

function policyFor(ownershipEntityRefs: string[]) {
  return new LocalPortalPermissionPolicy(
    mockServices.userInfo({ ownershipEntityRefs }),
  );
}

function userWith(ownershipEntityRefs: string[]): PolicyQueryUser {
  const userEntityRef = ownershipEntityRefs[0];
  return {
    credentials: mockCredentials.user(userEntityRef),
    info: { userEntityRef, ownershipEntityRefs },
  };
}

describe('LocalPortalPermissionPolicy', () => {
  it('allows platform admins everything', async () => {
    const refs = ['user:default/ada', PLATFORM_ADMINS_GROUP];
    const policy = policyFor(refs);
    for (const permission of [...ownerScoped, ...others]) {
      await expect(
        policy.handle({ permission }, userWith(refs)),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    }
  });

  it.each(ownerScoped.map(p => [p.name, p]))(
    "gives %s to the VPC entity's owners, directly or through a group",
    async (_name, permission) => {
      const policy = policyFor(guestRefs);
      await expect(
        policy.handle({ permission }, userWith(guestRefs)),
      ).resolves.toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: guestRefs },
        },
      });
    },
  );

  it('allows everyone every other permission', async () => {
    const policy = policyFor(guestRefs);
    for (const permission of others) {
      await expect(
        policy.handle({ permission }, userWith(guestRefs)),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    }
  });

  it('takes the ownership refs from the user info service', async () => {
    // The deprecated `info` on the query says admin; the service does not.
    const policy = policyFor(guestRefs);
    const user = userWith(guestRefs);
    user.info = {
      ...user.info,
      ownershipEntityRefs: [...guestRefs, PLATFORM_ADMINS_GROUP],
    };
    const decision = await policy.handle(
      { permission: eksPrivateLinkEndpointCreatePermission },
      user,
    );
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
  });

  it('refuses networking changes to a caller without a user', async () => {
    const policy = policyFor([]);
    for (const permission of ownerScoped) {
      await expect(policy.handle({ permission })).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    }
    for (const permission of others) {
      await expect(policy.handle({ permission })).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });
});

describe('localPortalPermissionPolicyModule', () => {
  it('sets the policy on the permission backend', async () => {
    let installed: PermissionPolicy | undefined;
    await startTestBackend({
      extensionPoints: [
        [
          policyExtensionPoint,
          {
            setPolicy: (policy: PermissionPolicy) => {
              installed = policy;
            },
          },
        ],
      ],
      features: [localPortalPermissionPolicyModule],
    });
    expect(installed).toBeInstanceOf(LocalPortalPermissionPolicy);
  });
});
