import {
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
} from '@aws-sdk/client-ec2';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Ec2ClientFactory } from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { createInventoryStores } from '../database/createInventoryStores';
import { endpointsKey } from '../database/types';
import { InventorySync } from './InventorySync';

jest.setTimeout(120_000);

const MOTO_ENDPOINT = process.env.MOTO_ENDPOINT;
const REGION = 'us-east-1';
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const describeWithMoto = MOTO_ENDPOINT ? describe : describe.skip;

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describeWithMoto('InventorySync against moto', () => {
  const saved = { ...process.env };
  let ec2: EC2Client;

  beforeAll(() => {
    // The factory builds its clients the production way; the SDK itself
    // sends them to the emulator through AWS_ENDPOINT_URL.
    process.env.AWS_ENDPOINT_URL = MOTO_ENDPOINT;
    process.env.AWS_ACCESS_KEY_ID ??= 'test';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
    process.env.AWS_REGION ??= REGION;
    ec2 = new EC2Client({ region: REGION, endpoint: MOTO_ENDPOINT });
  });

  afterAll(() => {
    process.env = saved;
  });

  async function createVpcWithEndpoint(privateDns: boolean) {
    const { Vpc } = await ec2.send(
      new CreateVpcCommand({ CidrBlock: '10.42.0.0/16' }),
    );
    const vpcId = Vpc!.VpcId!;
    await ec2.send(
      new ModifyVpcAttributeCommand({
        VpcId: vpcId,
        EnableDnsHostnames: { Value: true },
      }),
    );
    const subnetIds: string[] = [];
    for (const [i, zone] of ZONES.entries()) {
      const { Subnet } = await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          CidrBlock: `10.42.${i}.0/24`,
          AvailabilityZone: zone,
        }),
      );
      subnetIds.push(Subnet!.SubnetId!);
    }
    const { VpcEndpoint } = await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        ServiceName: `com.amazonaws.${REGION}.eks`,
        VpcEndpointType: 'Interface',
        SubnetIds: subnetIds,
        PrivateDnsEnabled: privateDns,
      }),
    );
    return { vpcId, subnetIds, endpointId: VpcEndpoint!.VpcEndpointId! };
  }

  function vpcEntity(name: string, vpcId: string): Entity {
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name,
        annotations: {
          'aws.amazon.com/vpc-id': vpcId,
          'aws.amazon.com/region': REGION,
        },
      },
      spec: { type: 'vpc', owner: 'platform' },
    };
  }

  it.each(databases.eachSupportedId())(
    'stores an endpoint created in AWS with its fields, then its deletion (%s)',
    async databaseId => {
      const withDns = await createVpcWithEndpoint(true);
      const without = await createVpcWithEndpoint(false);
      const knex = await databases.init(databaseId);
      const { inventory: store, serviceAnswers } = await createInventoryStores({
        database: mockServices.database({ knex }),
      });
      const sync = new InventorySync({
        inventory: store,
        serviceAnswers,
        catalog: catalogServiceMock({
          entities: [
            vpcEntity('moto-dns', withDns.vpcId),
            vpcEntity('moto-plain', without.vpcId),
          ],
        }),
        auth: mockServices.auth(),
        clients: Ec2ClientFactory.fromConfig(new ConfigReader({})),
        logger: mockServices.logger.mock(),
      });

      const result = await sync.syncAll();
      expect(result.failed).toEqual([]);

      const endpoints = await store.getEndpointsForVpcs([
        { vpcId: withDns.vpcId, region: REGION },
        { vpcId: without.vpcId, region: REGION },
      ]);
      const [stored] = endpoints.get(endpointsKey(withDns.vpcId, REGION))!;
      expect(stored).toMatchObject({
        vpcEndpointId: withDns.endpointId,
        state: 'available',
        privateDnsEnabled: true,
        subnetIds: expect.arrayContaining(withDns.subnetIds),
        deletedAt: null,
      });
      expect(stored.subnetIds).toHaveLength(3);
      // moto's DNS names name no AZ; the subnets' AZs stand in.
      expect(stored.availabilityZones).toEqual(ZONES);
      expect(stored.lastSeenAt).toEqual(expect.any(String));
      expect(stored.stateHistory?.map(s => s.state)).toEqual(['available']);

      // DNS attributes are read where private DNS is on, and only there.
      expect(await store.getEntity('resource:default/moto-dns')).toMatchObject({
        syncStatus: 'ok',
        dnsSupport: true,
        dnsHostnames: true,
      });
      expect(
        await store.getEntity('resource:default/moto-plain'),
      ).toMatchObject({ syncStatus: 'ok', dnsSupport: null });
      expect(
        endpoints.get(endpointsKey(without.vpcId, REGION))?.[0],
      ).toMatchObject({
        vpcEndpointId: without.endpointId,
        privateDnsEnabled: false,
        availabilityZones: ZONES,
      });

      await ec2.send(
        new DeleteVpcEndpointsCommand({ VpcEndpointIds: [withDns.endpointId] }),
      );
      await sync.refreshVpc({ vpcId: withDns.vpcId, region: REGION });
      const [deleted] = (
        await store.getEndpointsForVpcs([
          { vpcId: withDns.vpcId, region: REGION },
        ])
      ).get(endpointsKey(withDns.vpcId, REGION))!;
      expect(deleted.state).toBe('deleted');
      expect(deleted.deletedAt).toEqual(expect.any(String));
    },
  );
});
