import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  EndpointInventoryStore,
  EntityListFilter,
  TrackedVpcEntity,
} from '../database/types';
import { InventoryService } from './InventoryService';

const REFS = Array.from(
  { length: 2_000 },
  (_, i) => `resource:default/vpc-${String(i).padStart(5, '0')}`,
);

function tracked(entityRef: string): TrackedVpcEntity {
  return {
    entityRef,
    vpcId: 'vpc-0a1b2c3d',
    region: 'us-east-1',
    accountId: null,
    dnsSupport: null,
    dnsHostnames: null,
    dnsCheckedAt: null,
    syncStatus: 'never',
    syncError: null,
    lastSyncedAt: null,
    lastAttemptAt: null,
  } as TrackedVpcEntity;
}

/** An inventory of 2,000 VPCs, of which the caller may read the last one. */
function setup() {
  const inventory = {
    listEntities: jest.fn(async (filter: EntityListFilter) =>
      REFS.filter(ref => !filter.afterRef || ref > filter.afterRef)
        .slice(0, filter.limit)
        .map(tracked),
    ),
    getEndpointsForVpcs: jest.fn(async () => new Map()),
  };
  const catalog = catalogServiceMock.mock({
    getEntitiesByRefs: async ({ entityRefs }) => ({
      items: entityRefs.map(ref =>
        ref === REFS[REFS.length - 1]
          ? { apiVersion: 'v1', kind: 'Resource', metadata: { name: ref } }
          : undefined,
      ),
    }),
  });
  const service = new InventoryService({
    inventory: inventory as unknown as EndpointInventoryStore,
    onboardedVpcs: {} as never,
    serviceAnswers: { getServiceDescriptions: async () => new Map() } as never,
    sync: {} as never,
    catalog,
    auth: mockServices.auth(),
    clients: {} as never,
    logger: mockServices.logger.mock(),
    config: {},
    cache: mockServices.cache.mock(),
    refreshMinIntervalMs: 0,
  });
  return { service, catalog };
}

describe('InventoryService.list', () => {
  it('caps the catalog calls of one page for a user who can read few entities, and goes on from a cursor', async () => {
    const { service, catalog } = setup();
    const credentials = mockCredentials.user('user:default/few');

    const first = await service.list({ limit: 50 }, credentials);

    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(5);
    expect(first.items).toEqual([]);
    expect(first.nextCursor).toEqual(expect.any(String));

    let page = first;
    let calls = 5;
    while (page.nextCursor && page.items.length === 0) {
      page = await service.list(
        { limit: 50, cursor: page.nextCursor },
        credentials,
      );
      calls += 5;
    }
    expect(page.items.map(item => item.entityRef)).toEqual([
      REFS[REFS.length - 1],
    ]);
    expect(calls).toBeLessThanOrEqual(20);
  });
});
