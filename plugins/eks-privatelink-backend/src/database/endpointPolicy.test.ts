import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type { InventoryEndpoint } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { createInventoryStores } from './createInventoryStores';
import { endpointsKey } from './types';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const ORG_POLICY =
  '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}';

function endpoint(policyDocument: string | null): InventoryEndpoint {
  return {
    vpcEndpointId: 'vpce-01',
    state: 'available',
    privateDnsEnabled: true,
    ipAddressType: 'dualstack',
    subnetIds: ['subnet-0a'],
    availabilityZones: ['us-east-1a'],
    networkInterfaceIds: ['eni-0a'],
    securityGroupIds: ['sg-01'],
    dnsEntries: [],
    createdAt: '2025-12-31T09:00:00.000Z',
    lastSeenAt: null,
    lastError: null,
    policyDocument,
  };
}

describe.each(databases.eachSupportedId())(
  'the endpoint policy in the inventory on %s',
  id => {
    it('stores the policy each sync reads, and its removal', async () => {
      const knex = await databases.init(id);
      const { inventory } = await createInventoryStores({
        database: mockServices.database({ knex }),
      });
      await inventory.upsertEntities([
        {
          entityRef: 'resource:default/prod-vpc',
          vpcId: 'vpc-01',
          region: 'us-east-1',
          accountId: null,
        },
      ]);
      const sync = (policyDocument: string | null, at: Date) =>
        inventory.applySnapshot({
          region: 'us-east-1',
          vpcIds: ['vpc-01'],
          endpoints: [{ vpcId: 'vpc-01', endpoint: endpoint(policyDocument) }],
          dns: new Map(),
          at,
        });
      const stored = async () =>
        (await inventory.getEntityRecord('resource:default/prod-vpc'))
          ?.endpoints[0];

      await sync(ORG_POLICY, new Date('2026-01-01T10:00:00.000Z'));
      expect(await stored()).toMatchObject({
        policyDocument: ORG_POLICY,
        ipAddressType: 'dualstack',
      });
      const byVpc = await inventory.getEndpointsForVpcs([
        { vpcId: 'vpc-01', region: 'us-east-1' },
      ]);
      expect(
        byVpc.get(endpointsKey('vpc-01', 'us-east-1'))?.[0].policyDocument,
      ).toBe(ORG_POLICY);

      // A policy reset in AWS is seen by the next sync, the state unchanged.
      await sync(null, new Date('2026-01-01T10:05:00.000Z'));
      expect((await stored())?.policyDocument).toBeNull();
    });
  },
);
