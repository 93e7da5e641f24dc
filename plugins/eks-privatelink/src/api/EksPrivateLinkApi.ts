import { createApiRef } from '@backstage/core-plugin-api';
import type {
  InventoryListFilters,
  InventoryListResponse,
  InventoryRecord,
  SubnetsResponse,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

/**
 * Reads and refreshes the EKS interface endpoint inventory of VPC entities,
 * through the `eks-privatelink` backend.
 *
 * @public
 */
export interface EksPrivateLinkApi {
  /**
   * The inventory record of one VPC entity: its EKS endpoint(s), the VPC DNS
   * attributes, the pricing estimate and the state of the last sync.
   *
   * @param entityRef - the VPC entity, e.g. `resource:default/build-runners`
   */
  getInventory(entityRef: string): Promise<InventoryRecord>;

  /**
   * Asks the backend to read the VPC from AWS now, and returns the fresh
   * record. Needs the `eks-privatelink.inventory.refresh` permission.
   */
  refresh(entityRef: string): Promise<InventoryRecord>;

  /**
   * The subnets of the entity's VPC, with their Availability Zone and whether
   * the EKS endpoint service is offered there.
   */
  getSubnets(entityRef: string): Promise<SubnetsResponse>;

  /**
   * One page of the inventory of every VPC entity the user can read, in
   * entity-ref order, filtered on the backend. The first page (no `cursor`)
   * also carries the totals of the whole filtered set; pass `nextCursor` on
   * to read the next page.
   */
  listInventory(request: InventoryListRequest): Promise<InventoryListResponse>;
}

/**
 * The filters of {@link EksPrivateLinkApi.listInventory}, with the page to
 * read: `cursor` from the previous page's `nextCursor`, `limit` from 1 to 200
 * (the backend's default is 50).
 *
 * @public
 */
export type InventoryListRequest = InventoryListFilters & {
  cursor?: string;
  limit?: number;
};

/**
 * The reference to the {@link EksPrivateLinkApi}.
 *
 * @public
 */
export const eksPrivateLinkApiRef = createApiRef<EksPrivateLinkApi>({
  id: 'plugin.eks-privatelink.service',
});
