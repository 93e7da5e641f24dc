import {
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ACCOUNT,
  ec2Client,
  ec2Error,
  endpoint,
  mockCleanVpc,
  mutatingCalls,
  OTHER_VPC_ID,
  REGION,
  SERVICE,
  SG_GIVEN,
  SG_MANAGED,
  subnet,
  SUBNET_A,
  SUBNET_A2,
  SUBNET_B,
  SUBNET_C,
  VPC_ID,
  wireState,
} from '../testUtils';
import { EndpointRequestRefusedError } from './errors';
import { chooseSubnets, planEndpoint } from './planEndpoint';
import type { CreateEndpointChange, EndpointRequest, Plan } from './types';

const ec2Mock = mockClient(EC2Client);
const base: EndpointRequest = {
  vpcId: VPC_ID,
  region: REGION,
  accountId: ACCOUNT,
};

beforeEach(() => {
  ec2Mock.reset();
  mockCleanVpc(ec2Mock);
});

async function refusalOf(
  request: EndpointRequest,
  options: Parameters<typeof planEndpoint>[2] = {},
): Promise<EndpointRequestRefusedError> {
  const error = await planEndpoint(ec2Client(), request, options).then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(EndpointRequestRefusedError);
  // Whatever was refused, nothing may have been changed.
  expect(mutatingCalls(ec2Mock)).toEqual({});
  return error as EndpointRequestRefusedError;
}

function createChange(plan: Plan): CreateEndpointChange {
  const change = plan.changes.find(c => c.kind === 'createEndpoint');
  expect(change).toBeDefined();
  return change as CreateEndpointChange;
}

describe('planEndpoint in a clean VPC', () => {
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

  it('derives the same token for the same request and a new one when a parameter changes', async () => {
    const request = {
      ...base,
      subnetIds: [SUBNET_B, SUBNET_A],
      securityGroupIds: [SG_GIVEN],
    };
    ec2Mock.on(DescribeSubnetsCommand).resolves({
      Subnets: [subnet(SUBNET_A, `${REGION}a`), subnet(SUBNET_B, `${REGION}b`)],
    });
    ec2Mock
      .on(DescribeSecurityGroupsCommand, { GroupIds: [SG_GIVEN] })
      .resolves({ SecurityGroups: [{ GroupId: SG_GIVEN, VpcId: VPC_ID }] });

    const first = createChange(await planEndpoint(ec2Client(), request));
    const reordered = createChange(
      await planEndpoint(ec2Client(), {
        ...request,
        subnetIds: [SUBNET_A, SUBNET_B],
      }),
    );
    const tagged = createChange(
      await planEndpoint(ec2Client(), {
        ...request,
        tags: { team: 'platform' },
      }),
    );

    expect(first.clientToken).toMatch(/^eks-privatelink-[0-9a-f]{48}$/);
    expect(first.clientToken!.length).toBeLessThanOrEqual(64);
    expect(reordered.clientToken).toBe(first.clientToken);
    expect(tagged.clientToken).not.toBe(first.clientToken);
  });

  it('reuses the managed group an earlier run made instead of planning another', async () => {
    ec2Mock
      .on(DescribeSecurityGroupsCommand, {
        Filters: [
          { Name: 'vpc-id', Values: [VPC_ID] },
          {
            Name: 'group-name',
            Values: [`eks-privatelink-endpoint-${VPC_ID}`],
          },
        ],
      })
      .resolves({ SecurityGroups: [{ GroupId: SG_MANAGED, VpcId: VPC_ID }] });

    const plan = await planEndpoint(ec2Client(), base);

    expect(plan.changes.map(c => c.kind)).not.toContain('createSecurityGroup');
    expect(plan.managedSecurityGroupId).toBe(SG_MANAGED);
    expect(createChange(plan).parameters.securityGroupIds).toEqual([
      SG_MANAGED,
    ]);
    expect(createChange(plan).clientToken).not.toBeNull();
  });

  it('plans no DNS change when both attributes are already on', async () => {
    ec2Mock
      .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' })
      .resolves({ EnableDnsHostnames: { Value: true } });
    const plan = await planEndpoint(ec2Client(), base);
    expect(plan.changes.map(c => c.kind)).toEqual([
      'createSecurityGroup',
      'createEndpoint',
    ]);
  });

  it('plans both DNS changes, support first, when both are off', async () => {
    ec2Mock
      .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsSupport' })
      .resolves({ EnableDnsSupport: { Value: false } });
    const plan = await planEndpoint(ec2Client(), base);
    expect(plan.changes.slice(0, 2).map(c => c.kind)).toEqual([
      'enableDnsSupport',
      'enableDnsHostnames',
    ]);
  });
});

describe('planEndpoint with an existing endpoint', () => {
  it('reuses an available endpoint and creates nothing', async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .resolves({ VpcEndpoints: [endpoint()] });
    ec2Mock
      .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' })
      .resolves({ EnableDnsHostnames: { Value: true } });

    const plan = await planEndpoint(ec2Client(), {
      ...base,
      subnetIds: [SUBNET_A],
    });

    expect(plan.action).toBe('reuse');
    expect(plan.changes).toEqual([]);
    expect(plan.existingEndpoint?.vpcEndpointId).toBe('vpce-0123456789abcdef0');
    expect(plan.notes.join(' ')).toMatch(/differs: subnets/);
  });

  it('with onExisting update, adds and removes subnets to match the request', async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .resolves({ VpcEndpoints: [endpoint({ SubnetIds: [SUBNET_A] })] });
    ec2Mock.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        subnet(SUBNET_A2, `${REGION}a`),
        subnet(SUBNET_B, `${REGION}b`),
      ],
    });

    const plan = await planEndpoint(ec2Client(), {
      ...base,
      onExisting: 'update',
      subnetIds: [SUBNET_A2, SUBNET_B],
    });

    expect(plan.action).toBe('update');
    expect(plan.changes.find(c => c.kind === 'modifyEndpoint')).toMatchObject({
      addSubnetIds: [SUBNET_A2, SUBNET_B],
      removeSubnetIds: [SUBNET_A],
      addSecurityGroupIds: [],
      removeSecurityGroupIds: [],
    });
  });

  it('does not let a failed endpoint block a new one, and says so', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        endpoint({
          VpcEndpointId: 'vpce-0fa11edfa11edfa11',
          State: wireState('failed'),
          LastError: { Code: 'InsufficientCapacity', Message: 'try later' },
        }),
      ],
    });

    const plan = await planEndpoint(ec2Client(), base);

    expect(plan.action).toBe('create');
    expect(plan.notes.join(' ')).toContain(
      'vpce-0fa11edfa11edfa11 in this VPC is failed (InsufficientCapacity: try later)',
    );
    expect(createChange(plan).history).toEqual(['vpce-0fa11edfa11edfa11']);
  });

  it('waits for an endpoint that is still deleting before creating', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [endpoint({ State: wireState('deleting') })],
    });
    const plan = await planEndpoint(ec2Client(), base);
    expect(createChange(plan).waitForDeletion).toEqual([
      'vpce-0123456789abcdef0',
    ]);
  });
});

describe('planEndpoint refusals', () => {
  it('refuses a malformed VPC id before calling AWS', async () => {
    const error = await refusalOf({ ...base, vpcId: 'vpc-12' });
    expect(error.refusals[0].field).toBe('vpcId');
    expect(error.message).toContain("vpcId 'vpc-12' is not a VPC id");
    expect(ec2Mock.calls()).toHaveLength(0);
  });

  it('refuses malformed subnet and security group ids together', async () => {
    const error = await refusalOf({
      ...base,
      subnetIds: ['subnet-XYZ'],
      securityGroupIds: ['sg-1'],
    });
    expect(error.refusals.map(r => r.field)).toEqual([
      'subnetIds',
      'securityGroupIds',
    ]);
    expect(ec2Mock.calls()).toHaveLength(0);
  });

  it('refuses an unknown VPC, naming the field the VPC came from', async () => {
    ec2Mock
      .on(DescribeVpcsCommand)
      .rejects(
        ec2Error(
          'InvalidVpcID.NotFound',
          `The vpc ID '${VPC_ID}' does not exist`,
        ),
      );
    const error = await refusalOf(base, { fields: { vpc: 'vpc' } });
    expect(error.refusals[0].field).toBe('vpc');
    expect(error.message).toContain(`${VPC_ID} was not found in ${REGION}`);
  });

  it('refuses a subnet of another VPC', async () => {
    ec2Mock.on(DescribeSubnetsCommand).resolves({
      Subnets: [subnet(SUBNET_A, `${REGION}a`, OTHER_VPC_ID)],
    });
    const error = await refusalOf({ ...base, subnetIds: [SUBNET_A] });
    expect(error.message).toContain(
      `${SUBNET_A} belongs to ${OTHER_VPC_ID}, not ${VPC_ID}`,
    );
  });

  it('refuses a subnet AWS does not know', async () => {
    ec2Mock
      .on(DescribeSubnetsCommand)
      .rejects(
        ec2Error(
          'InvalidSubnetID.NotFound',
          `The subnet ID '${SUBNET_B}' does not exist`,
        ),
      );
    const error = await refusalOf({ ...base, subnetIds: [SUBNET_A, SUBNET_B] });
    expect(error.refusals[0]).toMatchObject({ field: 'subnetIds' });
    expect(error.message).toContain(`${SUBNET_B} was not found`);
    expect(error.message).not.toContain(SUBNET_A);
  });

  it('refuses two subnets in one Availability Zone', async () => {
    ec2Mock.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        subnet(SUBNET_A, `${REGION}a`),
        subnet(SUBNET_A2, `${REGION}a`),
      ],
    });
    const error = await refusalOf({
      ...base,
      subnetIds: [SUBNET_A, SUBNET_A2],
    });
    expect(error.refusals[0].field).toBe('subnetIds');
    expect(error.message).toContain(`${SUBNET_A} and ${SUBNET_A2}`);
    expect(error.message).toContain('one subnet per Availability Zone');
  });

  it('refuses a subnet in an Availability Zone the service does not support', async () => {
    ec2Mock.on(DescribeSubnetsCommand).resolves({
      Subnets: [subnet(SUBNET_C, `${REGION}c`)],
    });
    const error = await refusalOf({ ...base, subnetIds: [SUBNET_C] });
    expect(error.message).toContain(`${SUBNET_C} is in ${REGION}c`);
    expect(error.message).toContain(`${REGION}a, ${REGION}b`);
  });

  it('refuses a security group of another VPC', async () => {
    ec2Mock
      .on(DescribeSecurityGroupsCommand, { GroupIds: [SG_GIVEN] })
      .resolves({
        SecurityGroups: [{ GroupId: SG_GIVEN, VpcId: OTHER_VPC_ID }],
      });
    const error = await refusalOf({ ...base, securityGroupIds: [SG_GIVEN] });
    expect(error.refusals[0].field).toBe('securityGroupIds');
    expect(error.message).toContain(`${SG_GIVEN} belongs to ${OTHER_VPC_ID}`);
  });

  it('refuses a security group AWS does not know', async () => {
    ec2Mock
      .on(DescribeSecurityGroupsCommand, { GroupIds: [SG_GIVEN] })
      .rejects(
        ec2Error(
          'InvalidGroup.NotFound',
          `The security group '${SG_GIVEN}' does not exist`,
        ),
      );
    const error = await refusalOf({ ...base, securityGroupIds: [SG_GIVEN] });
    expect(error.message).toContain(`${SG_GIVEN} was not found`);
  });

  it('refuses a region the seed rules list as unavailable when AWS cannot be asked', async () => {
    ec2Mock
      .on(DescribeVpcEndpointServicesCommand)
      .rejects(ec2Error('UnauthorizedOperation'));
    const error = await refusalOf({ ...base, region: 'ap-southeast-3' });
    expect(error.refusals[0]).toMatchObject({
      field: 'region',
      source: 'seed',
    });
    expect(error.message).toContain('seed guide');
    expect(ec2Mock.commandCalls(DescribeVpcsCommand)).toHaveLength(0);
  });

  it('refuses a region app-config lists as unavailable when AWS cannot be asked', async () => {
    ec2Mock
      .on(DescribeVpcEndpointServicesCommand)
      .rejects(ec2Error('UnauthorizedOperation'));
    const error = await refusalOf(base, {
      rulesConfig: { unavailableRegions: [REGION] },
    });
    expect(error.refusals[0]).toMatchObject({
      field: 'region',
      source: 'config',
    });
    expect(error.message).toContain('app-config');
  });

  it('refuses a region where AWS says the service does not exist', async () => {
    ec2Mock
      .on(DescribeVpcEndpointServicesCommand)
      .rejects(ec2Error('InvalidServiceName'));
    const error = await refusalOf(base);
    expect(error.refusals[0]).toMatchObject({ field: 'region', source: 'aws' });
    expect(error.message).toContain('DescribeVpcEndpointServices');
  });

  it('refuses an ipAddressType and a policyDocument the rules do not allow', async () => {
    ec2Mock.on(DescribeVpcEndpointServicesCommand).resolves({
      ServiceDetails: [
        {
          ServiceName: SERVICE,
          AvailabilityZones: [`${REGION}a`],
          VpcEndpointPolicySupported: false,
          SupportedIpAddressTypes: ['ipv4'],
        },
      ],
    });
    const error = await refusalOf({
      ...base,
      ipAddressType: 'dualstack',
      policyDocument: { Statement: [] },
    });
    expect(error.refusals.map(r => [r.field, r.source])).toEqual([
      ['ipAddressType', 'aws'],
      ['policyDocument', 'aws'],
    ]);
  });

  it('refuses private DNS when the VPC DNS attributes are off and manageVpcDns is false', async () => {
    const error = await refusalOf({ ...base, manageVpcDns: false });
    expect(error.refusals[0].field).toBe('privateDnsEnabled');
    expect(error.message).toContain('enableDnsHostnames');
    expect(error.message).toContain('manageVpcDns');
  });

  it('refuses when a private-DNS EKS endpoint exists and onExisting is fail', async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .resolves({ VpcEndpoints: [endpoint()] });
    const error = await refusalOf({ ...base, onExisting: 'fail' });
    expect(error.refusals[0].field).toBe('onExisting');
    expect(error.message).toContain('vpce-0123456789abcdef0');
    expect(error.message).toContain('private DNS on');
  });

  it('refuses an empty subnet list when the VPC has no subnet in a supported AZ', async () => {
    ec2Mock
      .on(DescribeSubnetsCommand)
      .resolves({ Subnets: [subnet(SUBNET_C, `${REGION}c`)] });
    const error = await refusalOf({ ...base, subnetIds: [] });
    expect(error.refusals[0].field).toBe('subnetIds');
    expect(error.message).toContain(
      `${VPC_ID} has no subnet in an Availability Zone`,
    );
  });

  it('refuses tags with the reserved aws: prefix and the action own prefix', async () => {
    const aws = await refusalOf({ ...base, tags: { 'aws:owner': 'me' } });
    expect(aws.refusals[0].field).toBe('tags');
    expect(aws.message).toContain("'aws:' are reserved");
    const own = await refusalOf({
      ...base,
      tags: { 'eks-privatelink:managed-by': 'me' },
    });
    expect(own.message).toContain("'eks-privatelink:'");
  });

  it('refuses a policyDocument that is not JSON', async () => {
    const error = await refusalOf({
      ...base,
      policyDocument: '{"Statement": [',
    });
    expect(error.refusals[0].field).toBe('policyDocument');
    expect(error.message).toContain('not valid JSON');
  });

  it('refuses CloudWatch flow logs without a delivery role', async () => {
    const error = await refusalOf({
      ...base,
      flowLogs: {
        destinationType: 'cloud-watch-logs',
        destination: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:eks`,
      },
    });
    expect(error.refusals[0].field).toBe('flowLogs.deliverLogsPermissionArn');
  });

  it('names the IAM action when a pre-flight read is denied', async () => {
    ec2Mock.on(DescribeVpcsCommand).rejects(ec2Error('UnauthorizedOperation'));
    const error = await refusalOf(base);
    expect(error.refusals[0].field).toBe('iam');
    expect(error.message).toContain('grant ec2:DescribeVpcs');
  });
});

describe('chooseSubnets', () => {
  it('takes the lowest subnet id of each supported AZ, AZs in name order', () => {
    const chosen = chooseSubnets(
      [
        subnet(SUBNET_B, `${REGION}b`),
        subnet(SUBNET_A2, `${REGION}a`),
        subnet(SUBNET_A, `${REGION}a`),
        subnet(SUBNET_C, `${REGION}c`),
      ],
      [`${REGION}a`, `${REGION}b`],
    );
    expect(chosen.map(s => s.SubnetId)).toEqual([SUBNET_A, SUBNET_B]);
  });

  it('skips subnets without IPv6 for a dual-stack endpoint and unavailable ones', () => {
    const chosen = chooseSubnets(
      [
        subnet(SUBNET_A, `${REGION}a`),
        subnet(SUBNET_A2, `${REGION}a`, VPC_ID, {
          Ipv6CidrBlockAssociationSet: [
            {
              Ipv6CidrBlock: '2600:1f14::/64',
              Ipv6CidrBlockState: { State: 'associated' },
            },
          ],
        }),
        subnet(SUBNET_B, `${REGION}b`, VPC_ID, { State: 'pending' }),
      ],
      null,
      'dualstack',
    );
    expect(chosen.map(s => s.SubnetId)).toEqual([SUBNET_A2]);
  });
});
