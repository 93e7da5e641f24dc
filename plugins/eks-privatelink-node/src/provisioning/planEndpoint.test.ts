import {
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import {
  ec2Client,
  ec2Error,
  mutatingCalls,
  REGION,
  SERVICE,
  SUBNET_A,
  SUBNET_B,
  VPC_ID,
} from '../testUtils';
import {
  cleanVpcMock,
  base,
  createChange,
  refusalOf,
} from './__testUtils__/planFixtures';
import { planEndpoint } from './planEndpoint';

const ec2Mock = cleanVpcMock();

describe('planEndpoint', () => {
  it('plans DNS hostnames, a security group and the endpoint, in that order, one subnet per supported AZ', async () => {
    const plan = await planEndpoint(ec2Client(), base);

    expect(plan.action).toBe('create');
    expect(plan.changes.map(c => c.kind)).toEqual([
      'enableDnsHostnames',
      'createSecurityGroup',
      'createEndpoint',
    ]);
    // 2a has two subnets: the lower id wins; 2c is not offered by the service.
    expect(plan.subnetIds).toEqual([SUBNET_A, SUBNET_B]);
    expect(plan.availabilityZones).toEqual([`${REGION}a`, `${REGION}b`]);
    const group = plan.changes[1];
    expect(group).toMatchObject({
      kind: 'createSecurityGroup',
      ingressCidrs: ['10.0.0.0/16', '100.64.0.0/16'],
      tags: {
        'eks-privatelink:managed-by': 'backstage',
        'eks-privatelink:vpc-endpoint-for': VPC_ID,
      },
    });
    const create = createChange(plan);
    expect(create.parameters).toMatchObject({
      vpcId: VPC_ID,
      serviceName: SERVICE,
      subnetIds: [SUBNET_A, SUBNET_B],
      privateDnsEnabled: true,
      ipAddressType: 'ipv4',
    });
    // The token waits for the group id, which only the real run knows.
    expect(create.clientToken).toBeNull();
    expect(mutatingCalls(ec2Mock)).toEqual({});
  });

  it('asks only read-only questions, and skips the DNS attributes when private DNS is off', async () => {
    await planEndpoint(ec2Client(), { ...base, privateDnsEnabled: false });
    expect(ec2Mock.commandCalls(DescribeVpcAttributeCommand)).toHaveLength(0);
    expect(
      ec2Mock.commandCalls(DescribeVpcEndpointsCommand)[0].args[0].input,
    ).toEqual({
      Filters: [
        { Name: 'vpc-id', Values: [VPC_ID] },
        { Name: 'service-name', Values: [SERVICE] },
      ],
      NextToken: undefined,
    });
  });

  it('refuses an unknown VPC under vpcId, the request field it came from', async () => {
    ec2Mock
      .on(DescribeVpcsCommand)
      .rejects(
        ec2Error(
          'InvalidVpcID.NotFound',
          `The vpc ID '${VPC_ID}' does not exist`,
        ),
      );
    const error = await refusalOf(ec2Mock, base);
    expect(error.refusals[0].field).toBe('vpcId');
    expect(error.message).toContain(
      `vpcId: ${VPC_ID} was not found in ${REGION}`,
    );
  });

  it('names the IAM action when a pre-flight read is denied', async () => {
    ec2Mock.on(DescribeVpcsCommand).rejects(ec2Error('UnauthorizedOperation'));
    const error = await refusalOf(ec2Mock, base);
    expect(error.refusals[0].field).toBe('iam');
    expect(error.message).toContain('grant ec2:DescribeVpcs');
  });
});
