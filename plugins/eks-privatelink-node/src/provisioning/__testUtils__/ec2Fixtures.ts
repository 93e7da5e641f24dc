import {
  AuthorizeSecurityGroupIngressCommand,
  CreateFlowLogsCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  CreateVpcEndpointCommand,
  DeleteSecurityGroupCommand,
  DeleteVpcEndpointsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  EC2ServiceException,
  ModifyVpcAttributeCommand,
  ModifyVpcEndpointCommand,
  RevokeSecurityGroupIngressCommand,
  type Subnet,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import type { AwsClientStub } from 'aws-sdk-client-mock';

/** What `mockClient(EC2Client)` returns. */
export type Ec2Mock = AwsClientStub<EC2Client>;

export const REGION = 'us-west-2';
export const ACCOUNT = '123456789012';
export const VPC_ID = 'vpc-0a1b2c3d4e5f67890';
export const OTHER_VPC_ID = 'vpc-0ffffffffffffffff';
export const SUBNET_A = 'subnet-0aaaaaaaaaaaaaaa1';
export const SUBNET_A2 = 'subnet-0aaaaaaaaaaaaaaa2';
export const SUBNET_B = 'subnet-0bbbbbbbbbbbbbbb1';
export const SUBNET_C = 'subnet-0ccccccccccccccc1';
export const SG_GIVEN = 'sg-0123456789abcdef0';
export const SG_MANAGED = 'sg-0aaaabbbbccccdddd';
export const SG_DEFAULT = 'sg-0defa0defa0defa01';
export const ENDPOINT_ID = 'vpce-0123456789abcdef0';
export const SERVICE = `com.amazonaws.${REGION}.eks`;

/** EC2 sends lower-case states, which the SDK's PascalCase `State` type omits. */
export const wireState = (state: string) => state as VpcEndpoint['State'];

export function ec2Error(name: string, message = `${name} from EC2`) {
  return new EC2ServiceException({
    name,
    message,
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}

export function subnet(
  id: string,
  az: string,
  vpcId = VPC_ID,
  extra: Partial<Subnet> = {},
): Subnet {
  return {
    SubnetId: id,
    AvailabilityZone: az,
    VpcId: vpcId,
    State: 'available',
    ...extra,
  };
}

export const VPC_SUBNETS = [
  subnet(SUBNET_A2, `${REGION}a`),
  subnet(SUBNET_A, `${REGION}a`),
  subnet(SUBNET_B, `${REGION}b`),
  subnet(SUBNET_C, `${REGION}c`),
];

export function endpoint(extra: Partial<VpcEndpoint> = {}): VpcEndpoint {
  return {
    VpcEndpointId: ENDPOINT_ID,
    VpcId: VPC_ID,
    ServiceName: SERVICE,
    VpcEndpointType: 'Interface',
    State: wireState('available'),
    PrivateDnsEnabled: true,
    IpAddressType: 'ipv4',
    SubnetIds: [SUBNET_A, SUBNET_B],
    Groups: [{ GroupId: SG_MANAGED }],
    NetworkInterfaceIds: ['eni-0aaaaaaaaaaaaaaa1', 'eni-0bbbbbbbbbbbbbbb1'],
    DnsEntries: [
      { DnsName: `eks.${REGION}.amazonaws.com`, HostedZoneId: 'ZPRIVATE' },
    ],
    CreationTimestamp: new Date('2026-01-01T00:00:00Z'),
    ...extra,
  };
}

/**
 * A clean VPC in us-west-2: the service offered in 2a and 2b (not 2c), four
 * subnets, DNS support on and hostnames off (a new VPC), no endpoint, no
 * managed group.
 */
export function mockCleanVpc(ec2Mock: Ec2Mock) {
  ec2Mock.on(DescribeVpcEndpointServicesCommand).resolves({
    ServiceDetails: [
      {
        ServiceName: SERVICE,
        AvailabilityZones: [`${REGION}a`, `${REGION}b`],
        VpcEndpointPolicySupported: true,
        SupportedIpAddressTypes: ['ipv4'],
      },
    ],
  });
  ec2Mock.on(DescribeVpcsCommand).resolves({
    Vpcs: [
      {
        VpcId: VPC_ID,
        CidrBlock: '10.0.0.0/16',
        CidrBlockAssociationSet: [
          { CidrBlock: '10.0.0.0/16', CidrBlockState: { State: 'associated' } },
          {
            CidrBlock: '100.64.0.0/16',
            CidrBlockState: { State: 'associated' },
          },
          {
            CidrBlock: '10.9.0.0/16',
            CidrBlockState: { State: 'disassociated' },
          },
        ],
      },
    ],
  });
  ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
  ec2Mock.on(DescribeSubnetsCommand).resolves({ Subnets: VPC_SUBNETS });
  ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
  ec2Mock
    .on(DescribeSecurityGroupsCommand, {
      Filters: [
        { Name: 'vpc-id', Values: [VPC_ID] },
        { Name: 'group-name', Values: ['default'] },
      ],
    })
    .resolves({ SecurityGroups: [{ GroupId: SG_DEFAULT, VpcId: VPC_ID }] });
  ec2Mock
    .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsSupport' })
    .resolves({ EnableDnsSupport: { Value: true } });
  ec2Mock
    .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' })
    .resolves({ EnableDnsHostnames: { Value: false } });
  ec2Mock.on(ModifyVpcAttributeCommand).resolves({});
  ec2Mock.on(CreateSecurityGroupCommand).resolves({ GroupId: SG_MANAGED });
  ec2Mock.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
  ec2Mock.on(CreateVpcEndpointCommand).resolves({
    VpcEndpoint: endpoint({ State: wireState('pending') }),
  });
}

/** Every EC2 call that changes something. */
export const MUTATING_COMMANDS = [
  ModifyVpcAttributeCommand,
  CreateSecurityGroupCommand,
  AuthorizeSecurityGroupIngressCommand,
  RevokeSecurityGroupIngressCommand,
  CreateVpcEndpointCommand,
  ModifyVpcEndpointCommand,
  CreateFlowLogsCommand,
  CreateTagsCommand,
  DeleteVpcEndpointsCommand,
  DeleteSecurityGroupCommand,
];

/**
 * The mutating calls that were sent, by command name; `{}` when none.
 * `realOnly` leaves out `DryRun: true` probes.
 */
export function mutatingCalls(
  ec2Mock: Ec2Mock,
  options: { realOnly?: boolean } = {},
): Record<string, number> {
  const sent: Record<string, number> = {};
  for (const call of ec2Mock.calls()) {
    const command: unknown = call.args[0];
    const mutating = MUTATING_COMMANDS.find(type => command instanceof type);
    if (!mutating) {
      continue;
    }
    const dryRun = (command as { input: { DryRun?: boolean } }).input.DryRun;
    if (options.realOnly && dryRun) {
      continue;
    }
    sent[mutating.name] = (sent[mutating.name] ?? 0) + 1;
  }
  return sent;
}

/** A sleep that returns at once and records what it was asked to wait. */
export function instantSleep() {
  const waits: number[] = [];
  let clock = 0;
  return {
    waits,
    now: () => clock,
    sleep: async (ms: number) => {
      waits.push(ms);
      clock += ms;
    },
  };
}

export const client = () => new EC2Client({ region: REGION });
