export { eksPrivateLinkApiRef } from './EksPrivateLinkApi';
export type {
  EksPrivateLinkApi,
  InventoryListRequest,
} from './EksPrivateLinkApi';
export { inventoryListQuery } from './inventoryListQuery';
export { EksPrivateLinkClient } from './EksPrivateLinkClient';
