import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type { InventoryEndpoint } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { InventoryStore, endpointsKey } from './InventoryStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

// The SQLite driver the test databases use; it ships no type declarations.
const Database: {
  prototype: { prepare(sql: string): unknown };
} = require('better-sqlite3');

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

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const store = await InventoryStore.create({
    database: mockServices.database({ knex }),
  });
  return { knex, store };
}

describe.each(databases.eachSupportedId())('InventoryStore on %s', id => {
  it('creates the same tables and columns on every database', async () => {
    const { knex } = await createStore(id);
    const columns = Object.keys(
      await knex('eks_privatelink_endpoints').columnInfo(),
    ).sort();
    expect(columns).toEqual(
      [
        'account_id',
        'availability_zones',
        'aws_created_at',
        'deleted_at',
        'dns_entries',
        'first_seen_at',
        'ip_address_type',
        'last_error_code',
        'last_error_message',
        'last_seen_at',
        'network_interface_ids',
        'private_dns_enabled',
        'region',
        'security_group_ids',
        'state',
        'subnet_ids',
        'tags',
        'vpc_endpoint_id',
        'vpc_id',
      ].sort(),
    );
    for (const table of [
      'eks_privatelink_vpc_entities',
      'eks_privatelink_endpoint_states',
      'eks_privatelink_region_services',
      'eks_privatelink_onboarded_vpcs',
    ]) {
      await expect(knex.schema.hasTable(table)).resolves.toBe(true);
    }
  });

  it('tracks an endpoint from first sight to deletion with its history', async () => {
    const { store } = await createStore(id);
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
      vpcIds: ['vpc-01'],
      endpoints: [
        {
          vpcId: 'vpc-01',
          accountId: '123456789012',
          endpoint: endpoint('vpce-01', { state: 'pending' }),
        },
      ],
      dns: new Map([['vpc-01', { dnsSupport: true, dnsHostnames: false }]]),
      at: T1,
    });
    expect(first).toEqual({ added: 1, stateChanges: 0, deleted: 0 });

    await store.applySnapshot({
      region: 'us-east-1',
      vpcIds: ['vpc-01'],
      endpoints: [
        {
          vpcId: 'vpc-01',
          accountId: '123456789012',
          endpoint: endpoint('vpce-01', { state: 'available' }),
        },
      ],
      dns: new Map(),
      at: T2,
    });
    const gone = await store.applySnapshot({
      region: 'us-east-1',
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
      { vpcId: 'vpc-01', region: 'us-east-1' },
    ]);
    const [stored] = endpoints.get(endpointsKey('vpc-01', 'us-east-1'))!;
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
    const { knex, store } = await createStore(id);
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
          accountId: null,
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
    await store.saveServiceDescription(
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

    // One statement, and on SQLite one preparation of it for any number of
    // reads (knex would prepare it again for each).
    let queries = 0;
    const count = () => {
      queries += 1;
    };
    const prepare = jest.spyOn(Database.prototype, 'prepare');
    knex.on('query', count);
    const prod = await store.getEntityRecord('resource:default/prod-vpc');
    await store.getEntityRecord('resource:default/prod-vpc');
    knex.off('query', count);
    const prepares = prepare.mock.calls.length;
    prepare.mockRestore();
    expect({ queries, prepares }).toEqual(
      knex.client.driverName === 'better-sqlite3'
        ? { queries: 0, prepares: 1 }
        : { queries: 2, prepares: 0 },
    );

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
      service: (await store.getServiceDescriptions(['us-east-1'])).get(
        'us-east-1',
      ),
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
    expect(eu?.entity).toMatchObject({ vpcId: 'vpc-03', syncStatus: 'never' });
    expect(
      await store.getEntityRecord('resource:default/nope'),
    ).toBeUndefined();
  });

  it('keeps the last data and turns stale on a failed read; error when never synced', async () => {
    const { store } = await createStore(id);
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
      endpoints: [
        { vpcId: 'vpc-01', accountId: null, endpoint: endpoint('vpce-01') },
      ],
      dns: new Map(),
      at: T1,
    });

    await store.markFailed(
      'eu-west-1',
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
    const { store } = await createStore(id);
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
        { vpcId: 'vpc-00', accountId: null, endpoint: endpoint('vpce-a') },
        {
          vpcId: 'vpc-01',
          accountId: null,
          endpoint: endpoint('vpce-b', { state: 'pending' }),
        },
      ],
      dns: new Map(),
      at: T1,
    });

    const page1 = await store.listEntities({ region: 'us-east-1', limit: 2 });
    expect(page1.map(e => e.entityRef)).toEqual([
      'resource:default/a',
      'resource:default/b',
    ]);
    const page2 = await store.listEntities({
      region: 'us-east-1',
      limit: 2,
      afterRef: page1[1].entityRef,
    });
    expect(page2.map(e => e.entityRef)).toEqual(['resource:default/c']);

    const pending = await store.listEntities({ state: 'pending', limit: 10 });
    expect(pending.map(e => e.entityRef)).toEqual(['resource:default/b']);
    const none = await store.listEntities({ state: 'none', limit: 10 });
    expect(none.map(e => e.entityRef)).toEqual([
      'resource:default/c',
      'resource:default/d',
    ]);
  });

  it('starts an entity over when its VPC changes', async () => {
    const { store } = await createStore(id);
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

  const onboarded = {
    vpcId: 'vpc-0abc',
    region: 'us-east-1',
    accountId: null,
    name: 'payments-vpc',
    title: 'Payments VPC',
    description: null,
    owner: 'group:default/payments',
    system: null,
  };

  it('records an onboarded VPC once: a second record of it leaves the first', async () => {
    const { store } = await createStore(id);
    const first = await store.insertOnboardedVpc(onboarded, T1);
    const again = await store.insertOnboardedVpc(
      { ...onboarded, name: 'taken-over', owner: 'group:default/mallory' },
      T2,
    );
    await store.insertOnboardedVpc(
      { ...onboarded, accountId: '123456789012', name: 'payments-vpc-b' },
      T3,
    );

    expect(first).toEqual({ ...onboarded, createdAt: T1.toISOString() });
    expect(again).toEqual(first);
    const all = await store.listOnboardedVpcs();
    expect(all.map(v => [v.accountId, v.name])).toEqual([
      [null, 'payments-vpc'],
      ['123456789012', 'payments-vpc-b'],
    ]);
  });

  it('keeps entity names unique: another VPC under a taken name is not recorded', async () => {
    const { store } = await createStore(id);
    await store.insertOnboardedVpc(onboarded, T1);
    const kept = await store.insertOnboardedVpc(
      { ...onboarded, vpcId: 'vpc-0def' },
      T2,
    );

    expect(kept.vpcId).toBe('vpc-0abc');
    expect(await store.listOnboardedVpcs()).toHaveLength(1);
  });

  it('keeps one record when two onboardings of a VPC race', async () => {
    const { store } = await createStore(id);
    const results = await Promise.all(
      ['payments-a', 'payments-b', 'payments-c', 'payments-d'].map(name =>
        store.insertOnboardedVpc({ ...onboarded, name }, T1),
      ),
    );

    const all = await store.listOnboardedVpcs();
    expect(all).toHaveLength(1);
    // Every writer is told the same winner.
    expect(new Set(results.map(r => r.name))).toEqual(new Set([all[0].name]));
  });

  it('removes an onboarded VPC by its key', async () => {
    const { store } = await createStore(id);
    await store.insertOnboardedVpc(onboarded, T1);

    expect(await store.deleteOnboardedVpc(onboarded)).toBe(true);
    expect(await store.deleteOnboardedVpc(onboarded)).toBe(false);
    expect(await store.listOnboardedVpcs()).toEqual([]);
  });

  it('stores the per-region service answer', async () => {
    const { store } = await createStore(id);
    await store.saveServiceDescription(
      'us-east-1',
      {
        serviceName: 'com.amazonaws.us-east-1.eks',
        exists: true,
        availabilityZones: ['us-east-1a', 'us-east-1b'],
        policySupported: true,
        ipAddressTypes: ['ipv4', 'ipv6'],
      },
      T1,
    );
    await store.saveServiceDescription(
      'us-east-1',
      {
        serviceName: 'com.amazonaws.us-east-1.eks',
        exists: true,
        availabilityZones: ['us-east-1a'],
        policySupported: null,
        ipAddressTypes: [],
      },
      T2,
    );
    const services = await store.getServiceDescriptions(['us-east-1', 'xx']);
    expect(services.size).toBe(1);
    expect(services.get('us-east-1')).toEqual({
      serviceName: 'com.amazonaws.us-east-1.eks',
      exists: true,
      availabilityZones: ['us-east-1a'],
      policySupported: null,
      ipAddressTypes: [],
      checkedAt: T2.toISOString(),
    });
  });
});
