import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The permission framework's resource type of catalog entities, as the
 * catalog defines it. Repeated here as a literal so that this package does
 * not pull in the catalog's own common package for one string.
 */
const CATALOG_ENTITY = 'catalog-entity';

/**
 * Allows creating the EKS interface endpoint of a VPC entity, and everything
 * `aws:eks:privatelink:create` changes with it: an existing endpoint with
 * `onExisting: update`, the VPC's DNS attributes, the managed security group
 * and the flow logs. The resource is the VPC's catalog entity, so a policy
 * can scope it with the catalog's conditions such as `isEntityOwner`.
 *
 * @public
 */
export const eksPrivateLinkEndpointCreatePermission = createPermission({
  name: 'eks-privatelink.endpoint.create',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Allows deleting the EKS interface endpoint of a VPC entity
 * (`aws:eks:privatelink:delete`). The resource is the VPC's catalog entity.
 *
 * @public
 */
export const eksPrivateLinkEndpointDeletePermission = createPermission({
  name: 'eks-privatelink.endpoint.delete',
  attributes: { action: 'delete' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Allows asking the inventory to re-read a VPC entity's endpoints from AWS
 * now (`POST /inventory/:kind/:namespace/:name/refresh`). The resource is
 * the VPC's catalog entity: refreshing calls AWS on the caller's behalf, so
 * it is granted separately from reading the entity.
 *
 * @public
 */
export const eksPrivateLinkInventoryRefreshPermission = createPermission({
  name: 'eks-privatelink.inventory.refresh',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Allows bringing a VPC into the catalog (`aws:eks:privatelink:onboard-vpc`)
 * and taking an onboarded VPC out again (`aws:eks:privatelink:offboard-vpc`).
 * A basic permission: before onboarding there is no entity to decide about.
 * The actions add their own rules on top (see the README, "Permissions").
 *
 * @public
 */
export const eksPrivateLinkVpcOnboardPermission = createPermission({
  name: 'eks-privatelink.vpc.onboard',
  attributes: { action: 'create' },
});

/**
 * Every permission the EKS PrivateLink plugins define; the backend plugin
 * registers them.
 *
 * @public
 */
export const eksPrivateLinkPermissions = [
  eksPrivateLinkEndpointCreatePermission,
  eksPrivateLinkEndpointDeletePermission,
  eksPrivateLinkInventoryRefreshPermission,
  eksPrivateLinkVpcOnboardPermission,
];
