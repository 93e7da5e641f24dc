import { parseEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  InventoryListResponse,
  InventoryRecord,
  SubnetsResponse,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type {
  EksPrivateLinkApi,
  InventoryListRequest,
} from './EksPrivateLinkApi';
import { inventoryListQuery } from './inventoryListQuery';

/**
 * The default {@link EksPrivateLinkApi}: HTTP calls to the `eks-privatelink`
 * backend plugin, signed in as the current user by the app's fetch API.
 *
 * @public
 */
export class EksPrivateLinkClient implements EksPrivateLinkApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getInventory(entityRef: string): Promise<InventoryRecord> {
    return this.request<InventoryRecord>(this.inventoryPath(entityRef));
  }

  async refresh(entityRef: string): Promise<InventoryRecord> {
    return this.request<InventoryRecord>(
      `${this.inventoryPath(entityRef)}/refresh`,
      { method: 'POST' },
    );
  }

  async getSubnets(entityRef: string): Promise<SubnetsResponse> {
    return this.request<SubnetsResponse>(
      `${this.inventoryPath(entityRef)}/subnets`,
    );
  }

  async listInventory(
    request: InventoryListRequest,
  ): Promise<InventoryListResponse> {
    const query = inventoryListQuery(request).toString();
    return this.request<InventoryListResponse>(
      query ? `/inventory?${query}` : '/inventory',
    );
  }

  private inventoryPath(entityRef: string): string {
    // The route takes the three parts of the ref separately; the kind is
    // lower-cased the same way stringifyEntityRef does it.
    const { kind, namespace, name } = parseEntityRef(entityRef);
    return `/inventory/${encodeURIComponent(
      kind.toLocaleLowerCase('en-US'),
    )}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('eks-privatelink');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
