import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { createInventoryStores } from './createInventoryStores';
import { DatabaseAppliedStore } from './DatabaseAppliedStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const VPC = { vpcId: 'vpc-0a000001', region: 'us-east-1', accountId: null };

const applied = {
  vpcEndpointId: 'vpce-0a000001',
  serviceName: 'com.amazonaws.us-east-1.eks',
  subnetIds: ['subnet-0b000002', 'subnet-0b000001'],
  securityGroupIds: ['sg-0c000001'],
  privateDnsEnabled: true,
  policyDocument: null,
  allowedSources: ['10.9.0.0/16'],
};

describe.each(databases.eachSupportedId())('DatabaseAppliedStore on %s', id => {
  async function setup() {
    const knex = await databases.init(id);
    await createInventoryStores({ database: mockServices.database({ knex }) });
    return { knex, store: new DatabaseAppliedStore(knex) };
  }

  it('keeps what was applied last, per account', async () => {
    const { store } = await setup();
    await store.recordPortalChanges(VPC, { applied }, new Date('2026-01-01'));
    await store.recordPortalChanges(
      VPC,
      { applied: { ...applied, privateDnsEnabled: false } },
      new Date('2026-01-02'),
    );

    const found = await store.getApplied(null, ['vpce-0a000001']);
    expect(found.get('vpce-0a000001')).toEqual({
      ...applied,
      subnetIds: ['subnet-0b000001', 'subnet-0b000002'],
      privateDnsEnabled: false,
      vpcId: 'vpc-0a000001',
      region: 'us-east-1',
      appliedAt: '2026-01-02T00:00:00.000Z',
    });
    // Another account's endpoint of the same id is another endpoint.
    expect(
      (await store.getApplied('123456789012', ['vpce-0a000001'])).size,
    ).toBe(0);
  });

  it('marks endpoints the portal deleted, with or without settings applied before', async () => {
    const { store, knex } = await setup();
    await store.recordPortalChanges(VPC, { applied });
    await store.recordPortalChanges(VPC, {
      deletedEndpointIds: ['vpce-0a000001', 'vpce-0a000002'],
    });

    expect((await store.getApplied(null, ['vpce-0a000001'])).size).toBe(0);
    const rows = await knex('eks_privatelink_applied')
      .whereNotNull('deleted_by_portal_at')
      .orderBy('vpc_endpoint_id')
      .select('vpc_endpoint_id', 'service_name');
    expect(rows).toEqual([
      { vpc_endpoint_id: 'vpce-0a000001', service_name: applied.serviceName },
      { vpc_endpoint_id: 'vpce-0a000002', service_name: null },
    ]);
  });

  it('prunes delete marks and settings of endpoints the inventory no longer keeps', async () => {
    const { store, knex } = await setup();
    await store.recordPortalChanges(VPC, { applied }, new Date('2026-01-01'));
    await store.recordPortalChanges(
      VPC,
      { deletedEndpointIds: ['vpce-0a000009'] },
      new Date('2026-01-01'),
    );
    await store.recordPortalChanges(
      VPC,
      { applied: { ...applied, vpcEndpointId: 'vpce-0a000003' } },
      new Date('2026-03-01'),
    );

    expect(await store.prune(new Date('2026-02-01'))).toBe(2);
    expect(
      await knex('eks_privatelink_applied').pluck('vpc_endpoint_id'),
    ).toEqual(['vpce-0a000003']);
  });
});
