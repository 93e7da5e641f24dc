import {
  DescribeSecurityGroupsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { describeEksService, findVpcEksEndpoints } from '../ec2Reads';
import {
  createVpcWithSubnets,
  describeIfMoto,
  motoEc2Client,
} from '../testUtils';
import { applyPlan } from './applyPlan';
import { deleteEksEndpoint } from './deleteEndpoint';
import { planEndpoint } from './planEndpoint';

const REGION = 'us-west-2';
const EKS = `com.amazonaws.${REGION}.eks`;
const EKS_AUTH = `com.amazonaws.${REGION}.eks-auth`;

describeIfMoto('the eks-auth endpoint against moto', () => {
  let client: EC2Client;
  let vpcId: string;

  beforeAll(async () => {
    client = await motoEc2Client({ region: REGION });
    ({ vpcId } = await createVpcWithSubnets(client, {
      cidrBlock: '10.65.0.0/16',
      availabilityZones: ['us-west-2a', 'us-west-2b'],
    }));
  });

  const endpointsOf = async (serviceName: string) =>
    (await findVpcEksEndpoints(client, vpcId, serviceName)).filter(
      e => e.State?.toLowerCase() !== 'deleted',
    );
  const managedGroups = async () =>
    (
      await client.send(
        new DescribeSecurityGroupsCommand({
          Filters: [
            { Name: 'vpc-id', Values: [vpcId] },
            { Name: 'tag:eks-privatelink:managed-by', Values: ['backstage'] },
          ],
        }),
      )
    ).SecurityGroups ?? [];

  it('reads eks-auth from DescribeVpcEndpointServices', async () => {
    const auth = await describeEksService(client, REGION, {}, 'eks-auth');
    expect(auth).toMatchObject({ serviceName: EKS_AUTH, exists: true });
    expect(auth.availabilityZones.length).toBeGreaterThan(0);
  });

  it('creates both endpoints in one VPC, sharing one managed group; re-runs create nothing', async () => {
    const eks = await applyPlan(
      client,
      await planEndpoint(client, { vpcId, region: REGION }),
    );
    const auth = await applyPlan(
      client,
      await planEndpoint(client, {
        vpcId,
        region: REGION,
        service: 'eks-auth',
      }),
    );

    expect(eks.created).toBe(true);
    expect(auth.created).toBe(true);
    expect(auth.endpoint?.vpcEndpointId).not.toBe(eks.endpoint?.vpcEndpointId);
    expect((await endpointsOf(EKS_AUTH))[0].VpcEndpointId).toBe(
      auth.endpoint?.vpcEndpointId,
    );
    expect(auth.securityGroupId).toBe(eks.securityGroupId);
    expect(await managedGroups()).toHaveLength(1);

    const again = await planEndpoint(client, {
      vpcId,
      region: REGION,
      service: 'eks-auth',
    });
    expect(again.action).toBe('reuse');
    expect(again.existingEndpoint?.vpcEndpointId).toBe(
      auth.endpoint?.vpcEndpointId,
    );
    expect(await endpointsOf(EKS)).toHaveLength(1);
    expect(await endpointsOf(EKS_AUTH)).toHaveLength(1);
  });

  it('deletes eks-auth and keeps the EKS API endpoint and the group, then the last one takes the group', async () => {
    const auth = await deleteEksEndpoint(client, {
      vpcId,
      region: REGION,
      service: 'eks-auth',
    });
    expect(auth.vpcEndpointIds).toHaveLength(1);
    expect(auth.securityGroupIds).toEqual([]);
    expect(await endpointsOf(EKS_AUTH)).toHaveLength(0);
    expect(await endpointsOf(EKS)).toHaveLength(1);
    expect(await managedGroups()).toHaveLength(1);

    const eks = await deleteEksEndpoint(client, { vpcId, region: REGION });
    expect(eks.vpcEndpointIds).toHaveLength(1);
    expect(eks.securityGroupIds).toHaveLength(1);
    expect(await endpointsOf(EKS)).toHaveLength(0);
    expect(await managedGroups()).toHaveLength(0);
  });
});
