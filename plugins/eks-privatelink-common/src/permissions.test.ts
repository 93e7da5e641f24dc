import { isUpdatePermission } from '@backstage/plugin-permission-common';
import {
  eksPrivateLinkInventoryRefreshPermission,
  eksPrivateLinkPermissions,
} from './permissions';

describe('permissions', () => {
  it('defines the refresh permission as a basic update permission', () => {
    expect(eksPrivateLinkInventoryRefreshPermission).toEqual({
      type: 'basic',
      name: 'eks-privatelink.inventory.refresh',
      attributes: { action: 'update' },
    });
    expect(isUpdatePermission(eksPrivateLinkInventoryRefreshPermission)).toBe(
      true,
    );
  });

  it('lists every permission once', () => {
    expect(eksPrivateLinkPermissions.map(p => p.name)).toEqual([
      'eks-privatelink.inventory.refresh',
    ]);
  });
});
