import {
  AuthorizeSecurityGroupIngressCommand,
  CreateFlowLogsCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  CreateVpcEndpointCommand,
  DeleteSecurityGroupCommand,
  DeleteTagsCommand,
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
  type SecurityGroup,
  type Subnet,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
// Only a type: each test file makes its own stub with `mockClient(EC2Client)`
// and hands it in, so this entry point needs aws-sdk-client-mock at compile
// time only (an optional peer dependency).
import type { AwsClientStub } from 'aws-sdk-client-mock';
import {
  ENDPOINT_FOR_TAG,
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
} from '../provisioning/managedResources';

/**
 * What `mockClient(EC2Client)` of aws-sdk-client-mock returns.
 *
 * @public
 */
export type Ec2Mock = AwsClientStub<EC2Client>;

/** The region of the fixtures. @public */
export const REGION = 'us-west-2';
/** The account of the fixtures (moto's too). @public */
export const ACCOUNT = '123456789012';
/** The VPC the fixtures describe. @public */
export const VPC_ID = 'vpc-0a1b2c3d4e5f67890';
/** A VPC other than {@link VPC_ID}, for "belongs to another VPC". @public */
export const OTHER_VPC_ID = 'vpc-0ffffffffffffffff';
/** The lower of the two subnets in the `a` zone. @public */
export const SUBNET_A = 'subnet-0aaaaaaaaaaaaaaa1';
/** The higher of the two subnets in the `a` zone. @public */
export const SUBNET_A2 = 'subnet-0aaaaaaaaaaaaaaa2';
/** The subnet in the `b` zone. @public */
export const SUBNET_B = 'subnet-0bbbbbbbbbbbbbbb1';
/** The subnet in the `c` zone, where the EKS service is not offered. @public */
export const SUBNET_C = 'subnet-0ccccccccccccccc1';
/** A security group a caller gives. @public */
export const SG_GIVEN = 'sg-0123456789abcdef0';
/** The security group the create action makes. @public */
export const SG_MANAGED = 'sg-0aaaabbbbccccdddd';
/** The VPC's default security group. @public */
export const SG_DEFAULT = 'sg-0defa0defa0defa01';
/** The EKS endpoint of the fixtures. @public */
export const ENDPOINT_ID = 'vpce-0123456789abcdef0';
/** The EKS service name in {@link REGION}. @public */
export const SERVICE = `com.amazonaws.${REGION}.eks`;

/**
 * EC2 sends lower-case states, which the SDK's PascalCase `State` type omits.
 *
 * @public
 */
export const wireState = (state: string) => state as VpcEndpoint['State'];

/**
 * An error as the SDK throws it for an EC2 error code.
 *
 * @public
 */
export function ec2Error(
  name: string,
  message = `${name} from EC2`,
): EC2ServiceException {
  return new EC2ServiceException({
    name,
    message,
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}

/**
 * An available subnet.
 *
 * @public
 */
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

/**
 * The subnets of {@link VPC_ID}: two in `a` (the higher id first, so that a
 * pick of the lowest id is seen to sort), one each in `b` and `c`.
 */
const VPC_SUBNETS = [
  subnet(SUBNET_A2, `${REGION}a`),
  subnet(SUBNET_A, `${REGION}a`),
  subnet(SUBNET_B, `${REGION}b`),
  subnet(SUBNET_C, `${REGION}c`),
];

/**
 * The EKS endpoint of {@link VPC_ID} as the create action makes it:
 * available, private DNS on, in `a` and `b` with the managed group, tagged
 * as managed by the portal; `extra` overrides any field (`Tags: []` makes
 * it an endpoint someone else made).
 *
 * @public
 */
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
      {
        DnsName: `${ENDPOINT_ID}-abcdefgh.eks.${REGION}.vpce.amazonaws.com`,
        HostedZoneId: 'ZREGIONAL',
      },
      { DnsName: `eks.${REGION}.amazonaws.com`, HostedZoneId: 'ZPRIVATE' },
    ],
    CreationTimestamp: new Date('2026-01-01T00:00:00Z'),
    Tags: [
      { Key: 'Name', Value: `eks-api-${VPC_ID}` },
      { Key: MANAGED_BY_TAG, Value: MANAGED_BY_VALUE },
    ],
    ...extra,
  };
}

/**
 * The managed security group {@link SG_MANAGED} of {@link VPC_ID} as the
 * create action makes it: named and tagged as the portal's, admitting TCP
 * 443 from the VPC's two blocks in {@link mockCleanVpc}; `extra` overrides
 * any field (`IpPermissions: []` is a group whose rule was never added).
 *
 * @public
 */
export function managedSecurityGroup(
  extra: Partial<SecurityGroup> = {},
): SecurityGroup {
  return {
    GroupId: SG_MANAGED,
    GroupName: `eks-privatelink-endpoint-${VPC_ID}`,
    VpcId: VPC_ID,
    Tags: [
      { Key: MANAGED_BY_TAG, Value: MANAGED_BY_VALUE },
      { Key: ENDPOINT_FOR_TAG, Value: VPC_ID },
    ],
    IpPermissions: [
      {
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        IpRanges: [{ CidrIp: '10.0.0.0/16' }, { CidrIp: '100.64.0.0/16' }],
      },
    ],
    ...extra,
  };
}

/**
 * A clean VPC in us-west-2: the service offered in 2a and 2b (not 2c); the
 * subnets {@link SUBNET_A2} and {@link SUBNET_A} in 2a (in that order),
 * {@link SUBNET_B} in 2b and {@link SUBNET_C} in 2c; owned by
 * {@link ACCOUNT}; two associated IPv4 CIDR blocks and a disassociated one; DNS support on and hostnames off (a
 * new VPC); the default group; no endpoint, no managed group. The creating
 * calls succeed; the endpoint a create makes is pending.
 *
 * @public
 */
export function mockCleanVpc(ec2Mock: Ec2Mock): void {
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
        OwnerId: ACCOUNT,
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

/**
 * The endpoint a create makes is available on the first look by its id.
 *
 * @public
 */
export function mockAvailableAfterCreate(ec2Mock: Ec2Mock): void {
  ec2Mock
    .on(DescribeVpcEndpointsCommand, { VpcEndpointIds: [ENDPOINT_ID] })
    .resolves({ VpcEndpoints: [endpoint()] });
}

/**
 * {@link VPC_ID} with its EKS endpoint and the managed group the create
 * action made; both deletes succeed.
 *
 * @public
 */
export function mockVpcWithEndpoint(ec2Mock: Ec2Mock): void {
  ec2Mock.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: VPC_ID }] });
  ec2Mock
    .on(DescribeVpcEndpointsCommand)
    .resolves({ VpcEndpoints: [endpoint()] });
  ec2Mock
    .on(DescribeSecurityGroupsCommand)
    .resolves({ SecurityGroups: [{ GroupId: SG_MANAGED, VpcId: VPC_ID }] });
  ec2Mock.on(DeleteVpcEndpointsCommand).resolves({ Unsuccessful: [] });
  ec2Mock.on(DeleteSecurityGroupCommand).resolves({});
}

/**
 * Looked up by its id, the endpoint is `deleting` once, then not found.
 *
 * @public
 */
export function mockEndpointGoneAfterDelete(ec2Mock: Ec2Mock): void {
  ec2Mock
    .on(DescribeVpcEndpointsCommand, { VpcEndpointIds: [ENDPOINT_ID] })
    .resolvesOnce({
      VpcEndpoints: [endpoint({ State: wireState('deleting') })],
    })
    .rejects(ec2Error('InvalidVpcEndpointId.NotFound'));
}

/** Every EC2 call that changes something. */
const MUTATING_COMMANDS = [
  ModifyVpcAttributeCommand,
  CreateSecurityGroupCommand,
  AuthorizeSecurityGroupIngressCommand,
  RevokeSecurityGroupIngressCommand,
  CreateVpcEndpointCommand,
  ModifyVpcEndpointCommand,
  CreateFlowLogsCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  DeleteVpcEndpointsCommand,
  DeleteSecurityGroupCommand,
];

/**
 * The mutating calls that were sent, by command name; `{}` when none.
 * `realOnly` leaves out `DryRun: true` probes.
 *
 * @public
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

/**
 * An EC2 client in {@link REGION}; a `mockClient(EC2Client)` stub answers
 * its calls.
 *
 * @public
 */
export const ec2Client = () => new EC2Client({ region: REGION });
