import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Allows asking the inventory to re-read an entity's endpoint from AWS now.
 * A basic permission: refreshing calls AWS on the caller's behalf, so it is
 * granted separately from reading the catalog entity.
 *
 * @public
 */
export const eksPrivateLinkInventoryRefreshPermission = createPermission({
  name: 'eks-privatelink.inventory.refresh',
  attributes: { action: 'update' },
});

/**
 * Every permission the EKS PrivateLink plugins define.
 *
 * @public
 */
export const eksPrivateLinkPermissions = [
  eksPrivateLinkInventoryRefreshPermission,
];
