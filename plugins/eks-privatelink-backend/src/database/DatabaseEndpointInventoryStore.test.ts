import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type { InventoryEndpoint } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  createInventoryStores,
  inventoryStoresOf,
} from './createInventoryStores';
import { endpointsKey } from './types';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const T1 = new Date('2026-01-01T10:00:00.000Z');
const T2 = new Date('2026-01-01T10:05:00.000Z');
const T3 = new Date('2026-01-01T10:10:00.000Z');

function endpoint(
  id: string,
  overrides: Partial<InventoryEndpoint> = {},
): InventoryEndpoint {
  return {
    vpcEndpointId: id,
    state: 'available',
    privateDnsEnabled: true,
    ipAddressType: 'ipv4',
    subnetIds: ['subnet-0a', 'subnet-0b'],
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    networkInterfaceIds: ['eni-0a', 'eni-0b'],
    securityGroupIds: ['sg-01'],
    dnsEntries: [
      { dnsName: 'eks.us-east-1.amazonaws.com', hostedZoneId: 'Z1' },
    ],
    createdAt: '2025-12-31T09:00:00.000Z',
    lastSeenAt: null,
    lastError: null,
    ...overrides,
  };
}

async function createStores(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const stores = await createInventoryStores({
    database: mockServices.database({ knex }),
  });
  return {
    knex,
    store: stores.inventory,
    serviceAnswers: stores.serviceAnswers,
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseEndpointInventoryStore on %s',
  id => {
    it('tracks an endpoint from first sight to deletion with its history', async () => {
      const { store } = await createStores(id);
      await store.upsertEntities(
        [
          {
            entityRef: 'resource:default/prod-vpc',
            vpcId: 'vpc-01',
            region: 'us-east-1',
            accountId: '123456789012',
          },
        ],
        T1,
      );
      expect(await store.getEntity('resource:default/prod-vpc')).toMatchObject({
        syncStatus: 'never',
        lastSyncedAt: null,
        dnsSupport: null,
      });

      const first = await store.applySnapshot({
        region: 'us-east-1',
        accountId: '123456789012',
        vpcIds: ['vpc-01'],
        endpoints: [
          {
            vpcId: 'vpc-01',
            endpoint: endpoint('vpce-01', { state: 'pending' }),
          },
        ],
        dns: new Map([['vpc-01', { dnsSupport: true, dnsHostnames: false }]]),
        at: T1,
      });
      expect(first).toEqual({ added: 1, stateChanges: 0, deleted: 0 });

      await store.applySnapshot({
        region: 'us-east-1',
        accountId: '123456789012',
        vpcIds: ['vpc-01'],
        endpoints: [
          {
            vpcId: 'vpc-01',
            endpoint: endpoint('vpce-01', { state: 'available' }),
          },
        ],
        dns: new Map(),
        at: T2,
      });
      const gone = await store.applySnapshot({
        region: 'us-east-1',
        accountId: '123456789012',
        vpcIds: ['vpc-01'],
        endpoints: [],
        dns: new Map(),
        at: T3,
      });
      expect(gone.deleted).toBe(1);

      const entity = await store.getEntity('resource:default/prod-vpc');
      expect(entity).toMatchObject({
        syncStatus: 'ok',
        syncError: null,
        lastSyncedAt: T3.toISOString(),
        dnsSupport: true,
        dnsHostnames: false,
        dnsCheckedAt: T1.toISOString(),
      });

      const endpoints = await store.getEndpointsForVpcs([
        { vpcId: 'vpc-01', region: 'us-east-1', accountId: '123456789012' },
      ]);
      const [stored] = endpoints.get(
        endpointsKey('vpc-01', 'us-east-1', '123456789012'),
      )!;
      expect(stored).toMatchObject({
        vpcEndpointId: 'vpce-01',
        state: 'deleted',
        deletedAt: T3.toISOString(),
        lastSeenAt: T2.toISOString(),
        createdAt: '2025-12-31T09:00:00.000Z',
        privateDnsEnabled: true,
        subnetIds: ['subnet-0a', 'subnet-0b'],
        dnsEntries: [
          { dnsName: 'eks.us-east-1.amazonaws.com', hostedZoneId: 'Z1' },
        ],
      });
      expect(stored.stateHistory).toEqual([
        { state: 'pending', at: T1.toISOString() },
        { state: 'available', at: T2.toISOString() },
        { state: 'deleted', at: T3.toISOString() },
      ]);
    });

    it("reads one entity's whole record in one query, as the list reads it", async () => {
      const { knex, store, serviceAnswers } = await createStores(id);
      await store.upsertEntities(
        [
          ['prod-vpc', 'vpc-01', 'us-east-1'],
          ['dev-vpc', 'vpc-02', 'us-east-1'],
          ['eu-vpc', 'vpc-03', 'eu-west-1'],
        ].map(([name, vpcId, region]) => ({
          entityRef: `resource:default/${name}`,
          vpcId,
          region,
          accountId: null,
        })),
        T1,
      );
      const snapshot = (at: Date, ...endpoints: InventoryEndpoint[]) =>
        store.applySnapshot({
          region: 'us-east-1',
          vpcIds: ['vpc-01', 'vpc-02'],
          endpoints: endpoints.map(e => ({
            vpcId: 'vpc-01',
            endpoint: e,
          })),
          dns: new Map(),
          at,
        });
      await snapshot(
        T1,
        endpoint('vpce-01', { state: 'pending' }),
        endpoint('vpce-02', { createdAt: '2025-06-01T00:00:00.000Z' }),
      );
      await snapshot(T2, endpoint('vpce-01', { state: 'available' }));
      await serviceAnswers.saveServiceDescription(
        'us-east-1',
        {
          serviceName: 'com.amazonaws.us-east-1.eks',
          exists: true,
          availabilityZones: ['us-east-1a', 'us-east-1b'],
          policySupported: true,
          ipAddressTypes: ['ipv4'],
        },
        T1,
      );

      // One statement per read, on one connection (the statement is
      // prepared once per connection, so knex's query events don't see it).
      const checkouts = jest.spyOn(knex.client, 'acquireConnection');
      const prod = await store.getEntityRecord('resource:default/prod-vpc');
      await store.getEntityRecord('resource:default/prod-vpc');
      expect(checkouts).toHaveBeenCalledTimes(2);
      checkouts.mockRestore();

      // Live endpoint first, then the deleted one; history oldest first.
      expect(prod?.endpoints.map(e => [e.vpcEndpointId, e.state])).toEqual([
        ['vpce-01', 'available'],
        ['vpce-02', 'deleted'],
      ]);
      expect(prod?.endpoints[0].stateHistory).toEqual([
        { state: 'pending', at: T1.toISOString() },
        { state: 'available', at: T2.toISOString() },
      ]);
      expect(prod).toEqual({
        entity: await store.getEntity('resource:default/prod-vpc'),
        service: (
          await serviceAnswers.getServiceDescriptions(['us-east-1'])
        ).get('us-east-1'),
        endpoints: (
          await store.getEndpointsForVpcs([
            { vpcId: 'vpc-01', region: 'us-east-1' },
          ])
        ).get(endpointsKey('vpc-01', 'us-east-1')),
      });

      const dev = await store.getEntityRecord('resource:default/dev-vpc');
      expect(dev?.endpoints).toEqual([]);
      expect(dev?.service?.availabilityZones).toEqual([
        'us-east-1a',
        'us-east-1b',
      ]);
      const eu = await store.getEntityRecord('resource:default/eu-vpc');
      expect(eu).toMatchObject({ endpoints: [], service: undefined });
      expect(eu?.entity).toMatchObject({
        vpcId: 'vpc-03',
        syncStatus: 'never',
      });
      expect(
        await store.getEntityRecord('resource:default/nope'),
      ).toBeUndefined();
    });

    it('keeps the last data and turns stale on a failed read; error when never synced', async () => {
      const { store } = await createStores(id);
      await store.upsertEntities(
        [
          {
            entityRef: 'resource:default/synced',
            vpcId: 'vpc-01',
            region: 'eu-west-1',
            accountId: null,
          },
          {
            entityRef: 'resource:default/new',
            vpcId: 'vpc-02',
            region: 'eu-west-1',
            accountId: null,
          },
        ],
        T1,
      );
      await store.applySnapshot({
        region: 'eu-west-1',
        vpcIds: ['vpc-01'],
        endpoints: [{ vpcId: 'vpc-01', endpoint: endpoint('vpce-01') }],
        dns: new Map(),
        at: T1,
      });

      await store.markFailed(
        { region: 'eu-west-1' },
        ['vpc-01', 'vpc-02'],
        'UnauthorizedOperation: not allowed',
        T2,
      );

      expect(await store.getEntity('resource:default/synced')).toMatchObject({
        syncStatus: 'stale',
        syncError: 'UnauthorizedOperation: not allowed',
        lastSyncedAt: T1.toISOString(),
        lastAttemptAt: T2.toISOString(),
      });
      expect(await store.getEntity('resource:default/new')).toMatchObject({
        syncStatus: 'error',
        lastSyncedAt: null,
      });
      const endpoints = await store.getEndpointsForVpcs([
        { vpcId: 'vpc-01', region: 'eu-west-1' },
      ]);
      expect(
        endpoints.get(endpointsKey('vpc-01', 'eu-west-1'))?.[0],
      ).toMatchObject({ vpcEndpointId: 'vpce-01', state: 'available' });
    });

    it('lists entities a page at a time, filtered by region and endpoint state', async () => {
      const { store } = await createStores(id);
      await store.upsertEntities(
        ['a', 'b', 'c', 'd'].map((name, i) => ({
          entityRef: `resource:default/${name}`,
          vpcId: `vpc-0${i}`,
          region: i < 3 ? 'us-east-1' : 'us-west-2',
          accountId: null,
        })),
        T1,
      );
      await store.applySnapshot({
        region: 'us-east-1',
        vpcIds: ['vpc-00', 'vpc-01', 'vpc-02'],
        endpoints: [
          { vpcId: 'vpc-00', endpoint: endpoint('vpce-a') },
          {
            vpcId: 'vpc-01',
            endpoint: endpoint('vpce-b', { state: 'pending' }),
          },
        ],
        dns: new Map(),
        at: T1,
      });

      const page1 = await store.listFleet({ region: 'us-east-1', limit: 2 });
      expect(page1.map(e => e.entityRef)).toEqual([
        'resource:default/a',
        'resource:default/b',
      ]);
      const page2 = await store.listFleet({
        region: 'us-east-1',
        limit: 2,
        afterRef: page1[1].entityRef,
      });
      expect(page2.map(e => e.entityRef)).toEqual(['resource:default/c']);

      const pending = await store.listFleet({ state: 'pending', limit: 10 });
      expect(pending.map(e => e.entityRef)).toEqual(['resource:default/b']);
      const none = await store.listFleet({ state: 'none', limit: 10 });
      expect(none.map(e => e.entityRef)).toEqual([
        'resource:default/c',
        'resource:default/d',
      ]);
    });

    it('keeps two accounts that name the same VPC id apart', async () => {
      const { store } = await createStores(id);
      const a = { region: 'us-east-1', accountId: '111111111111' };
      const b = { region: 'us-east-1', accountId: '222222222222' };
      await store.upsertEntities(
        [
          { entityRef: 'resource:default/a', vpcId: 'vpc-01', ...a },
          { entityRef: 'resource:default/b', vpcId: 'vpc-01', ...b },
          {
            entityRef: 'resource:default/default-account',
            vpcId: 'vpc-01',
            region: 'us-east-1',
            accountId: null,
          },
        ],
        T1,
      );
      const read = (
        scope: typeof a | { region: string },
        at: Date,
        ids: string[],
      ) =>
        store.applySnapshot({
          ...scope,
          vpcIds: ['vpc-01'],
          endpoints: ids.map(e => ({ vpcId: 'vpc-01', endpoint: endpoint(e) })),
          dns: new Map(),
          at,
        });
      await read(a, T1, ['vpce-0a']);
      await read(b, T1, ['vpce-0b']);
      // The default account sees the same endpoint as account a: one row each.
      await read({ region: 'us-east-1' }, T1, ['vpce-0a']);
      await read(a, T2, ['vpce-0a']);
      await read(b, T2, ['vpce-0b']);
      await store.markFailed(b, ['vpc-01'], 'AccessDenied', T3);

      const recordOf = async (name: string) =>
        (await store.getEntityRecord(`resource:default/${name}`))!;
      const [ra, rb, rd] = await Promise.all(
        ['a', 'b', 'default-account'].map(recordOf),
      );
      expect(ra.entity).toMatchObject({
        accountId: '111111111111',
        syncStatus: 'ok',
      });
      expect(ra.endpoints.map(e => [e.vpcEndpointId, e.state])).toEqual([
        ['vpce-0a', 'available'],
      ]);
      expect(ra.endpoints[0].stateHistory).toEqual([
        { state: 'available', at: T1.toISOString() },
      ]);
      expect(rb.entity).toMatchObject({
        accountId: '222222222222',
        syncStatus: 'stale',
        syncError: 'AccessDenied',
      });
      expect(rb.endpoints.map(e => [e.vpcEndpointId, e.state])).toEqual([
        ['vpce-0b', 'available'],
      ]);
      expect(rd.entity).toMatchObject({ accountId: null, syncStatus: 'ok' });
      expect(rd.endpoints.map(e => e.vpcEndpointId)).toEqual(['vpce-0a']);

      const listed = await store.getEndpointsForVpcs([
        { vpcId: 'vpc-01', ...a },
        { vpcId: 'vpc-01', ...b },
      ]);
      expect(
        listed.get(endpointsKey('vpc-01', 'us-east-1', b.accountId)),
      ).toEqual(rb.endpoints);
      expect(
        (await store.getEntitiesForVpc({ vpcId: 'vpc-01', ...b })).map(
          e => e.entityRef,
        ),
      ).toEqual(['resource:default/b']);
    });

    it('lets two writers apply the same read at once', async () => {
      const { knex } = await createStores(id);
      const [one, two] = [0, 1].map(() => inventoryStoresOf(knex).inventory);
      await one.upsertEntities(
        [
          {
            entityRef: 'resource:default/shared',
            vpcId: 'vpc-01',
            region: 'us-east-1',
            accountId: null,
          },
        ],
        T1,
      );
      const snapshot = {
        region: 'us-east-1',
        vpcIds: ['vpc-01'],
        endpoints: ['vpce-01', 'vpce-02'].map(e => ({
          vpcId: 'vpc-01',
          endpoint: endpoint(e, { state: 'pending' }),
        })),
        dns: new Map(),
        at: T1,
      };
      await expect(
        Promise.all([one.applySnapshot(snapshot), two.applySnapshot(snapshot)]),
      ).resolves.toHaveLength(2);

      expect(
        await knex('eks_privatelink_endpoints')
          .select('vpc_endpoint_id')
          .orderBy('vpc_endpoint_id'),
      ).toEqual([
        { vpc_endpoint_id: 'vpce-01' },
        { vpc_endpoint_id: 'vpce-02' },
      ]);
      const record = await two.getEntityRecord('resource:default/shared');
      expect(record?.entity.syncStatus).toBe('ok');
      expect(record?.endpoints.map(e => e.stateHistory)).toEqual([
        [{ state: 'pending', at: T1.toISOString() }],
        [{ state: 'pending', at: T1.toISOString() }],
      ]);
    });

    it('prunes endpoints deleted and history recorded before the retention', async () => {
      const { store } = await createStores(id);
      await store.upsertEntities(
        [
          {
            entityRef: 'resource:default/old',
            vpcId: 'vpc-01',
            region: 'us-east-1',
            accountId: null,
          },
        ],
        T1,
      );
      const read = (at: Date, ...eps: InventoryEndpoint[]) =>
        store.applySnapshot({
          region: 'us-east-1',
          vpcIds: ['vpc-01'],
          endpoints: eps.map(e => ({ vpcId: 'vpc-01', endpoint: e })),
          dns: new Map(),
          at,
        });
      await read(
        T1,
        endpoint('vpce-gone', { state: 'pending' }),
        endpoint('vpce-live', { state: 'pending' }),
      );
      await read(T2, endpoint('vpce-live'));
      await read(T3, endpoint('vpce-live', { state: 'deleting' }));

      expect(await store.pruneHistory(T1)).toEqual({
        endpoints: 0,
        stateChanges: 0,
      });
      // vpce-gone was deleted at T2, before T3: it goes with its 2 changes;
      // vpce-live keeps its row and its change at T3.
      expect(await store.pruneHistory(T3)).toEqual({
        endpoints: 1,
        stateChanges: 4,
      });
      const record = await store.getEntityRecord('resource:default/old');
      expect(record?.endpoints.map(e => [e.vpcEndpointId, e.state])).toEqual([
        ['vpce-live', 'deleting'],
      ]);
      expect(record?.endpoints[0].stateHistory).toEqual([
        { state: 'deleting', at: T3.toISOString() },
      ]);
    });

    it('starts an entity over when its VPC changes', async () => {
      const { store } = await createStores(id);
      const ref = 'resource:default/moving';
      await store.upsertEntities(
        [
          {
            entityRef: ref,
            vpcId: 'vpc-01',
            region: 'us-east-1',
            accountId: null,
          },
        ],
        T1,
      );
      await store.applySnapshot({
        region: 'us-east-1',
        vpcIds: ['vpc-01'],
        endpoints: [],
        dns: new Map([['vpc-01', { dnsSupport: true, dnsHostnames: true }]]),
        at: T1,
      });
      await store.upsertEntities(
        [
          {
            entityRef: ref,
            vpcId: 'vpc-02',
            region: 'us-east-1',
            accountId: null,
          },
        ],
        T2,
      );
      expect(await store.getEntity(ref)).toMatchObject({
        vpcId: 'vpc-02',
        syncStatus: 'never',
        dnsSupport: null,
        lastSyncedAt: null,
      });
    });
  },
);
