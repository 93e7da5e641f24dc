import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { InventoryEndpoint } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { createInventoryStores } from '../database/createInventoryStores';
import type { InventoryStores } from '../database/types';
import { VPC_ENTITY_FILTER } from '../sync/InventorySync';
import { InventoryService } from './InventoryService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const READS_ALL = 'user:default/admin';
const READS_NONE = 'user:default/outsider';
/** May read what the catalog shows them: everything but the secret VPC. */
const READS_SOME = 'user:default/member';
const SECRET = 'resource:default/secret';

const AT = new Date('2026-12-01T10:00:00.000Z');
const CONFIG = {
  pricing: {
    currency: 'EUR',
    hourlyPerAz: 0.01,
    regions: { 'eu-west-1': { hourlyPerAz: 0.012 } },
  },
};

function endpoint(
  id: string,
  service: 'eks' | 'eks-auth',
  region: string,
  azs: number,
): InventoryEndpoint {
  return {
    vpcEndpointId: id,
    state: 'available',
    privateDnsEnabled: true,
    ipAddressType: 'ipv4',
    subnetIds: [],
    availabilityZones: ['a', 'b', 'c'].slice(0, azs).map(z => region + z),
    networkInterfaceIds: [],
    securityGroupIds: [],
    dnsEntries: [],
    serviceName: `com.amazonaws.${region}.${service}`,
    createdAt: null,
    lastSeenAt: null,
    lastError: null,
  };
}

/**
 * alpha: both services (full), 4 AZs in us-east-1; bravo: the EKS API only
 * (partial), 3 AZs in eu-west-1; charlie: nothing; secret: the EKS API,
 * 3 AZs in us-east-1, hidden from READS_SOME.
 */
async function seed({ inventory }: InventoryStores) {
  const vpc = (name: string, region: string) => ({
    entityRef: `resource:default/${name}`,
    vpcId: `vpc-0${name}`,
    region,
    accountId: null,
    owner: 'group:default/platform',
    title: `${name} network`,
  });
  await inventory.upsertEntities([
    vpc('alpha', 'us-east-1'),
    vpc('bravo', 'eu-west-1'),
    vpc('charlie', 'us-east-1'),
    vpc('secret', 'us-east-1'),
  ]);
  await inventory.applySnapshot({
    region: 'us-east-1',
    vpcIds: ['vpc-0alpha', 'vpc-0charlie', 'vpc-0secret'],
    endpoints: [
      {
        vpcId: 'vpc-0alpha',
        endpoint: endpoint('vpce-1', 'eks', 'us-east-1', 2),
      },
      {
        vpcId: 'vpc-0alpha',
        endpoint: endpoint('vpce-2', 'eks-auth', 'us-east-1', 2),
      },
      {
        vpcId: 'vpc-0secret',
        endpoint: endpoint('vpce-3', 'eks', 'us-east-1', 3),
      },
    ],
    dns: new Map(),
    at: AT,
  });
  await inventory.applySnapshot({
    region: 'eu-west-1',
    vpcIds: ['vpc-0bravo'],
    endpoints: [
      {
        vpcId: 'vpc-0bravo',
        endpoint: endpoint('vpce-4', 'eks', 'eu-west-1', 3),
      },
    ],
    dns: new Map(),
    at: AT,
  });
}

function who(credentials: BackstageCredentials): string {
  return (
    (credentials.principal as { userEntityRef?: string }).userEntityRef ?? ''
  );
}

/** The catalog's VPC entities as a caller would get them, a page of 2 at a time. */
async function* visibleVpcs(credentials: BackstageCredentials) {
  const refs = [
    'resource:default/alpha',
    'resource:default/bravo',
    'resource:default/charlie',
    SECRET,
  ].filter(ref => ref !== SECRET || who(credentials) === READS_ALL);
  const entities: Entity[] = refs.map(ref => {
    const { kind, namespace, name } = parseEntityRef(ref);
    return { apiVersion: 'v1', kind, metadata: { namespace, name } };
  });
  yield entities.slice(0, 2);
  yield entities.slice(2);
}

describe.each(databases.eachSupportedId())(
  'InventoryService.list on %s',
  id => {
    let stores: InventoryStores;

    beforeAll(async () => {
      const knex = await databases.init(id);
      stores = await createInventoryStores({
        database: mockServices.database({ knex }),
      });
      await seed(stores);
    });

    function setup(options: { withPolicy?: boolean } = {}) {
      const catalog = catalogServiceMock.mock({
        streamEntities: jest.fn((_request, asked) =>
          visibleVpcs(
            (asked as { credentials: BackstageCredentials }).credentials,
          ),
        ),
      });
      const permissions = mockServices.permissions.mock({
        authorizeConditional: async (requests, { credentials }) =>
          requests.map(() => {
            if (who(credentials) === READS_ALL) {
              return { result: AuthorizeResult.ALLOW };
            }
            if (who(credentials) === READS_NONE) {
              return { result: AuthorizeResult.DENY };
            }
            return {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'catalog',
              resourceType: 'catalog-entity',
              conditions: {
                rule: 'IS_ENTITY_OWNER',
                resourceType: 'catalog-entity',
                params: { claims: [who(credentials)] },
              },
            };
          }),
      });
      const service = new InventoryService({
        ...stores,
        sync: {} as never,
        catalog,
        auth: mockServices.auth(),
        ...(options.withPolicy === false ? {} : { permissions }),
        clients: {} as never,
        logger: mockServices.logger.mock(),
        config: CONFIG,
        cache: mockServices.cache.mock(),
        refreshMinIntervalMs: 0,
      });
      return { service, catalog };
    }

    const refs = (response: { items: Array<{ entityRef: string }> }) =>
      response.items.map(item => item.entityRef);

    it('counts only what a caller with conditions may read, asking the catalog once', async () => {
      const { service, catalog } = setup();
      const member = mockCredentials.user(READS_SOME);

      const first = await service.list({ limit: 50 }, member);
      expect(refs(first)).toEqual([
        'resource:default/alpha',
        'resource:default/bravo',
        'resource:default/charlie',
      ]);
      // 4 AZs at 0.01 and 3 AZs at eu-west-1's 0.012, 730 hours each.
      expect(first.totals).toEqual({
        vpcs: 3,
        covered: 1,
        partial: 1,
        monthlyCost: 55.48,
        currency: 'EUR',
      });
      expect(first.nextCursor).toBeUndefined();
      expect(first.items[0]).toMatchObject({
        owner: 'group:default/platform',
        title: 'alpha network',
        pricing: { azCount: 4, estimatedMonthly: 29.2 },
        sync: { status: 'ok' },
      });
      expect(first.items[0].endpoints).toHaveLength(2);

      const partial = await service.list(
        { limit: 50, coverage: 'partial' },
        member,
      );
      expect(refs(partial)).toEqual(['resource:default/bravo']);
      expect(partial.totals).toMatchObject({ vpcs: 1, monthlyCost: 26.28 });

      expect(catalog.streamEntities).toHaveBeenCalledTimes(1);
      expect(catalog.streamEntities).toHaveBeenCalledWith(
        {
          filter: VPC_ENTITY_FILTER,
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
          // One catalog query for most fleets, not one per 500 refs.
          pageSize: 10_000,
        },
        { credentials: member },
      );
    });

    it('pages with a cursor: every readable entity once, totals on the first page only', async () => {
      const { service } = setup();
      const member = mockCredentials.user(READS_SOME);
      const seen: string[] = [];
      let page = await service.list({ limit: 1 }, member);
      expect(page.totals?.vpcs).toBe(3);
      seen.push(...refs(page));
      while (page.nextCursor) {
        page = await service.list(
          { limit: 1, cursor: page.nextCursor },
          member,
        );
        expect(page.totals).toBeUndefined();
        seen.push(...refs(page));
      }
      expect(seen).toEqual([
        'resource:default/alpha',
        'resource:default/bravo',
        'resource:default/charlie',
      ]);
    });

    it('shows everything to a caller the policy allows, without asking the catalog', async () => {
      const { service, catalog } = setup();
      const all = await service.list(
        { limit: 50 },
        mockCredentials.user(READS_ALL),
      );
      expect(refs(all)).toContain(SECRET);
      expect(all.totals).toEqual({
        vpcs: 4,
        covered: 1,
        partial: 2,
        monthlyCost: 77.38,
        currency: 'EUR',
      });
      expect(catalog.streamEntities).not.toHaveBeenCalled();
    });

    it('shows nothing to a caller the policy denies', async () => {
      const { service, catalog } = setup();
      const none = await service.list(
        { limit: 50 },
        mockCredentials.user(READS_NONE),
      );
      expect(none).toEqual({
        items: [],
        totals: {
          vpcs: 0,
          covered: 0,
          partial: 0,
          monthlyCost: 0,
          currency: 'EUR',
        },
      });
      expect(catalog.streamEntities).not.toHaveBeenCalled();
    });

    it('lets the catalog decide when there is no policy to ask', async () => {
      const { service, catalog } = setup({ withPolicy: false });
      const member = mockCredentials.user(READS_SOME);
      const page = await service.list(
        { limit: 50, region: 'us-east-1' },
        member,
      );
      expect(refs(page)).toEqual([
        'resource:default/alpha',
        'resource:default/charlie',
      ]);
      expect(catalog.streamEntities).toHaveBeenCalledTimes(1);
    });

    it('refuses a cursor it did not hand out', async () => {
      const { service } = setup();
      await expect(
        service.list(
          { limit: 5, cursor: 'not-a-cursor' },
          mockCredentials.user(READS_SOME),
        ),
      ).rejects.toThrow(InputError);
    });
  },
);
