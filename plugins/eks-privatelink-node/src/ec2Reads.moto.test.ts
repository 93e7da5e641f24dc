import {
  CreateVpcEndpointCommand,
  ModifyVpcAttributeCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import {
  describeEksService,
  listEksEndpoints,
  listSubnets,
  readVpcDnsAttributes,
} from './ec2Reads';
import { toInventoryEndpoint } from './inventoryEndpoint';
import {
  createVpcWithSubnets,
  describeIfMoto,
  motoEc2Client,
} from './testUtils';

const REGION = 'us-east-1';

describeIfMoto('EC2 reads against moto', () => {
  let client: EC2Client;
  let vpcA: string;
  let vpcB: string;
  let subnetA1: string;
  let subnetA2: string;
  let endpointA: string;
  let endpointB: string;

  beforeAll(async () => {
    client = await motoEc2Client({ region: REGION });
    const createEndpoint = async (vpcId: string, subnetIds: string[]) =>
      (
        await client.send(
          new CreateVpcEndpointCommand({
            VpcId: vpcId,
            ServiceName: `com.amazonaws.${REGION}.eks`,
            VpcEndpointType: 'Interface',
            SubnetIds: subnetIds,
            PrivateDnsEnabled: true,
          }),
        )
      ).VpcEndpoint!.VpcEndpointId!;

    const a = await createVpcWithSubnets(client, {
      cidrBlock: '10.10.0.0/16',
      availabilityZones: [`${REGION}a`, `${REGION}b`],
    });
    const b = await createVpcWithSubnets(client, {
      cidrBlock: '10.20.0.0/16',
      availabilityZones: [`${REGION}c`],
    });
    vpcA = a.vpcId;
    vpcB = b.vpcId;
    [subnetA1, subnetA2] = a.subnetIds;
    await client.send(
      new ModifyVpcAttributeCommand({
        VpcId: vpcA,
        EnableDnsHostnames: { Value: true },
      }),
    );
    endpointA = await createEndpoint(vpcA, [subnetA1, subnetA2]);
    endpointB = await createEndpoint(vpcB, b.subnetIds);
  });

  it('lists the EKS endpoints of both VPCs in one paginated read', async () => {
    const endpoints = await listEksEndpoints(client, REGION);
    const ours = endpoints.filter(e => e.VpcId === vpcA || e.VpcId === vpcB);
    expect(ours.map(e => [e.VpcId, e.VpcEndpointId]).sort()).toEqual(
      [
        [vpcA, endpointA],
        [vpcB, endpointB],
      ].sort(),
    );

    const inventory = toInventoryEndpoint(
      ours.find(e => e.VpcEndpointId === endpointA)!,
      new Date('2026-11-26T00:00:00Z'),
      {
        subnetAvailabilityZones: {
          [subnetA1]: `${REGION}a`,
          [subnetA2]: `${REGION}b`,
        },
      },
    );
    expect(inventory).toMatchObject({
      vpcEndpointId: endpointA,
      state: 'available',
      privateDnsEnabled: true,
      subnetIds: [subnetA1, subnetA2],
      availabilityZones: [`${REGION}a`, `${REGION}b`],
    });
    expect(inventory.networkInterfaceIds).toHaveLength(2);
  });

  it('reads back the DNS attributes of each VPC', async () => {
    await expect(readVpcDnsAttributes(client, vpcA)).resolves.toEqual({
      dnsSupport: true,
      dnsHostnames: true,
    });
    await expect(readVpcDnsAttributes(client, vpcB)).resolves.toEqual({
      dnsSupport: true,
      dnsHostnames: false,
    });
  });

  it('describes the EKS service with its AZs, and a missing one as absent', async () => {
    const service = await describeEksService(client, REGION);
    expect(service.exists).toBe(true);
    expect(service.serviceName).toBe(`com.amazonaws.${REGION}.eks`);
    expect(service.availabilityZones).toEqual(
      expect.arrayContaining([`${REGION}a`, `${REGION}b`]),
    );

    const missing = await describeEksService(client, 'xx-nowhere-1');
    expect(missing.exists).toBe(false);
  });

  it('lists the subnets of one VPC with their AZs', async () => {
    const subnets = await listSubnets(client, vpcA, [`${REGION}a`]);
    expect(
      subnets.map(s => [s.subnetId, s.availabilityZone, s.serviceSupported]),
    ).toEqual([
      [subnetA1, `${REGION}a`, true],
      [subnetA2, `${REGION}b`, false],
    ]);
    expect(subnets[0].cidrBlock).toBe('10.10.0.0/24');
  });
});
