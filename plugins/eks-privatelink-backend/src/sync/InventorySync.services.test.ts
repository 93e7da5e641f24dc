import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { vpcEntity as namedVpcEntity } from '@eks-privatelink/backstage-plugin-eks-privatelink-node/testUtils';
import { awsEndpoint, FakeEc2 } from '../__testUtils__/FakeEc2';
import { createInventoryStores } from '../database/createInventoryStores';
import { endpointsKey } from '../database/types';
import { InventorySync } from './InventorySync';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const REGION = 'us-west-2';

function vpcEntity(vpcId: string): Entity {
  return namedVpcEntity({ name: vpcId, vpcId, region: REGION });
}

describe.each(databases.eachSupportedId())(
  'the inventory of both EKS endpoint services on %s',
  id => {
    let ec2: FakeEc2;

    beforeEach(() => {
      ec2 = new FakeEc2();
      ec2.putEndpoint(
        REGION,
        awsEndpoint({
          id: 'vpce-0000api1',
          vpcId: 'vpc-00000001',
          region: REGION,
        }),
      );
      ec2.putEndpoint(REGION, {
        ...awsEndpoint({
          id: 'vpce-0000auth',
          vpcId: 'vpc-00000001',
          region: REGION,
          privateDns: false,
        }),
        ServiceName: `com.amazonaws.${REGION}.eks-auth`,
      });
      ec2.putEndpoint(REGION, {
        ...awsEndpoint({
          id: 'vpce-00000s3x',
          vpcId: 'vpc-00000001',
          region: REGION,
        }),
        ServiceName: `com.amazonaws.${REGION}.s3`,
      });
      ec2.setDns('vpc-00000001', true, true);
    });
    afterEach(() => ec2.restore());

    it('keeps the EKS API and EKS Pod Identity endpoints of a VPC from one DescribeVpcEndpoints, and no other service', async () => {
      const knex = await databases.init(id);
      const { inventory, serviceAnswers } = await createInventoryStores({
        database: mockServices.database({ knex }),
      });
      const sync = new InventorySync({
        inventory,
        serviceAnswers,
        catalog: catalogServiceMock({ entities: [vpcEntity('vpc-00000001')] }),
        auth: mockServices.auth(),
        clients: ec2.clients,
        logger: mockServices.logger.mock(),
      });

      const result = await sync.syncAll();
      expect(result.failed).toEqual([]);
      expect(ec2.calls.DescribeVpcEndpoints).toBe(1);

      const stored = (
        await inventory.getEndpointsForVpcs([
          { vpcId: 'vpc-00000001', region: REGION },
        ])
      ).get(endpointsKey('vpc-00000001', REGION))!;
      expect(stored.map(e => [e.vpcEndpointId, e.serviceName]).sort()).toEqual([
        ['vpce-0000api1', `com.amazonaws.${REGION}.eks`],
        ['vpce-0000auth', `com.amazonaws.${REGION}.eks-auth`],
      ]);

      // A refresh of the VPC reads both services too.
      ec2.removeEndpoint(REGION, 'vpce-0000auth');
      await sync.refreshVpc({ vpcId: 'vpc-00000001', region: REGION });
      const record = await inventory.getEntityRecord(
        'resource:default/vpc-00000001',
      );
      const auth = record!.endpoints.find(
        e => e.vpcEndpointId === 'vpce-0000auth',
      );
      expect(auth?.state).toBe('deleted');
      expect(auth?.serviceName).toBe(`com.amazonaws.${REGION}.eks-auth`);
    });
  },
);
