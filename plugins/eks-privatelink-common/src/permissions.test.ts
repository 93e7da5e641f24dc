import {
  isCreatePermission,
  isDeletePermission,
  isResourcePermission,
  isUpdatePermission,
} from '@backstage/plugin-permission-common';
import {
  eksPrivateLinkEndpointCreatePermission,
  eksPrivateLinkEndpointDeletePermission,
  eksPrivateLinkInventoryRefreshPermission,
  eksPrivateLinkPermissions,
  eksPrivateLinkVpcOnboardPermission,
} from './permissions';

describe('permissions', () => {
  it('makes every change to a VPC a decision about its catalog entity', () => {
    for (const permission of [
      eksPrivateLinkEndpointCreatePermission,
      eksPrivateLinkEndpointDeletePermission,
      eksPrivateLinkInventoryRefreshPermission,
    ]) {
      expect(isResourcePermission(permission, 'catalog-entity')).toBe(true);
    }
    expect(isCreatePermission(eksPrivateLinkEndpointCreatePermission)).toBe(
      true,
    );
    expect(isDeletePermission(eksPrivateLinkEndpointDeletePermission)).toBe(
      true,
    );
    expect(isUpdatePermission(eksPrivateLinkInventoryRefreshPermission)).toBe(
      true,
    );
  });

  it('keeps onboarding basic: there is no entity to decide about yet', () => {
    expect(eksPrivateLinkVpcOnboardPermission).toEqual({
      type: 'basic',
      name: 'eks-privatelink.vpc.onboard',
      attributes: { action: 'create' },
    });
  });

  it('lists every permission once, by its contract name', () => {
    expect(eksPrivateLinkPermissions.map(p => p.name)).toEqual([
      'eks-privatelink.endpoint.create',
      'eks-privatelink.endpoint.delete',
      'eks-privatelink.inventory.refresh',
      'eks-privatelink.vpc.onboard',
    ]);
  });
});
