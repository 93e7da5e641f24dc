import {
  AssociateVpcCidrBlockCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  applyPlan,
  Ec2ClientFactory,
  planEndpoint,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { vpcEntity } from '@eks-privatelink/backstage-plugin-eks-privatelink-node/testUtils';
import { createInventoryStores } from '../database/createInventoryStores';
import { endpointsKey } from '../database/types';
import { InventorySync } from './InventorySync';

jest.setTimeout(120_000);

const MOTO_ENDPOINT = process.env.MOTO_ENDPOINT;
const REGION = 'us-east-1';
const describeWithMoto = MOTO_ENDPOINT ? describe : describe.skip;
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describeWithMoto('the managed group behind its VPC, against moto', () => {
  const saved = { ...process.env };

  beforeAll(() => {
    process.env.AWS_ENDPOINT_URL = MOTO_ENDPOINT;
    process.env.AWS_ACCESS_KEY_ID ??= 'test';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
    process.env.AWS_REGION ??= REGION;
  });

  afterAll(() => {
    process.env = saved;
  });

  it('shows the group as behind once a CIDR block is added to the VPC, until an update run adds its rule', async () => {
    const factory = Ec2ClientFactory.fromConfig(new ConfigReader({}));
    const client = await factory.getClient({ region: REGION });
    // The test's own setup goes through a plain client, without the plugins'
    // user agent, so the IAM policy check counts only the plugins' calls.
    const setup = new EC2Client({ region: REGION });
    const { Vpc } = await setup.send(
      new CreateVpcCommand({ CidrBlock: '10.77.0.0/16' }),
    );
    const vpcId = Vpc!.VpcId!;
    await setup.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        CidrBlock: '10.77.1.0/24',
        AvailabilityZone: 'us-east-1a',
      }),
    );
    const request = {
      vpcId,
      region: REGION,
      privateDnsEnabled: false,
      onExisting: 'update' as const,
    };
    const created = await applyPlan(
      client,
      await planEndpoint(client, request),
    );
    const endpointId = created.endpoint!.vpcEndpointId;

    const knex = await databases.init('SQLITE_3');
    const { inventory, serviceAnswers } = await createInventoryStores({
      database: mockServices.database({ knex }),
    });
    const entity = vpcEntity({ name: 'grows', vpcId, region: REGION });
    const sync = new InventorySync({
      inventory,
      serviceAnswers,
      catalog: catalogServiceMock({ entities: [entity] }),
      auth: mockServices.auth(),
      clients: factory,
      logger: mockServices.logger.mock(),
    });
    const stored = async () =>
      (await inventory.getEndpointsForVpcs([{ vpcId, region: REGION }]))
        .get(endpointsKey(vpcId, REGION))!
        .find(e => e.vpcEndpointId === endpointId)!;

    await sync.syncAll();
    expect((await stored()).drift).toEqual([]);

    await setup.send(
      new AssociateVpcCidrBlockCommand({
        VpcId: vpcId,
        CidrBlock: '10.78.0.0/16',
      }),
    );
    await sync.syncAll();
    const [behind] = (await stored()).drift!;
    expect(behind).toMatchObject({
      field: 'securityGroupRules',
      message: expect.stringContaining(
        'does not admit 10.78.0.0/16 on TCP 443',
      ),
    });

    const update = await planEndpoint(client, request);
    expect(update.changes.map(c => c.kind)).toContain('authorizeIngress');
    await applyPlan(client, update);
    await sync.refreshVpc({ vpcId, region: REGION });
    expect((await stored()).drift).toEqual([]);
    expect((await stored()).vpcEndpointId).toBe(endpointId);
  });
});
