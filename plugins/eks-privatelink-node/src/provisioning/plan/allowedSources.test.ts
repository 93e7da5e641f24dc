import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeManagedPrefixListsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
} from '@aws-sdk/client-ec2';
import {
  ec2Client,
  ec2Error,
  endpoint,
  instantSleep,
  managedSecurityGroup,
  mockAvailableAfterCreate,
  REGION,
  SG_GIVEN,
  SG_MANAGED,
  VPC_ID,
} from '../../testUtils';
import { applyPlan } from '../applyPlan';
import { cleanVpcMock, base, refusalOf } from '../__testUtils__/planFixtures';
import { planEndpoint } from '../planEndpoint';

const ec2Mock = cleanVpcMock();
const PREFIX_LIST = 'pl-0a1b2c3d4e5f67890';
const PEER_GROUP = 'sg-0fedcba9876543210';
const SOURCES = [
  '192.168.0.0/16',
  '2600:1f14:abc::/56',
  PREFIX_LIST,
  PEER_GROUP,
];
const byName = {
  Filters: [
    { Name: 'vpc-id', Values: [VPC_ID] },
    { Name: 'group-name', Values: [`eks-privatelink-endpoint-${VPC_ID}`] },
  ],
};

beforeEach(() => {
  ec2Mock
    .on(DescribeManagedPrefixListsCommand)
    .resolves({ PrefixLists: [{ PrefixListId: PREFIX_LIST }] });
  ec2Mock
    .on(DescribeSecurityGroupsCommand, { GroupIds: [PEER_GROUP] })
    .resolves({
      SecurityGroups: [{ GroupId: PEER_GROUP, VpcId: 'vpc-0peer0peer0peer01' }],
    });
});

describe('planEndpoint, allowedSources', () => {
  it('creates the managed group admitting the VPC and a CIDR, an IPv6 CIDR, a prefix list and a group on 443', async () => {
    mockAvailableAfterCreate(ec2Mock);
    const plan = await planEndpoint(ec2Client(), {
      ...base,
      allowedSources: SOURCES,
    });
    await applyPlan(ec2Client(), plan, instantSleep());

    expect(
      ec2Mock.commandCalls(CreateSecurityGroupCommand)[0].args[0].input
        .Description,
    ).toBe(
      `EKS API interface endpoint of ${VPC_ID}: TCP 443 from the VPC and allowedSources`,
    );
    const [rule] = ec2Mock.commandCalls(AuthorizeSecurityGroupIngressCommand)[0]
      .args[0].input.IpPermissions!;
    expect(rule).toMatchObject({
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
    });
    expect(rule.IpRanges!.map(r => r.CidrIp)).toEqual([
      '10.0.0.0/16',
      '100.64.0.0/16',
      '192.168.0.0/16',
    ]);
    expect(rule.Ipv6Ranges!.map(r => r.CidrIpv6)).toEqual([
      '2600:1f14:abc::/56',
    ]);
    expect(rule.PrefixListIds!.map(p => p.PrefixListId)).toEqual([PREFIX_LIST]);
    expect(rule.UserIdGroupPairs!.map(p => p.GroupId)).toEqual([PEER_GROUP]);
    expect(
      ec2Mock.commandCalls(DescribeManagedPrefixListsCommand)[0].args[0].input,
    ).toMatchObject({ PrefixListIds: [PREFIX_LIST] });
  });

  it('refuses a prefix list and a group AWS does not know, naming each, before any change', async () => {
    ec2Mock
      .on(DescribeManagedPrefixListsCommand)
      .rejects(
        ec2Error(
          'InvalidPrefixListID.NotFound',
          `The prefix list ID '${PREFIX_LIST}' does not exist`,
        ),
      );
    ec2Mock
      .on(DescribeSecurityGroupsCommand, { GroupIds: [PEER_GROUP] })
      .rejects(
        ec2Error(
          'InvalidGroup.NotFound',
          `The security group '${PEER_GROUP}' does not exist`,
        ),
      );
    const error = await refusalOf(ec2Mock, {
      ...base,
      allowedSources: SOURCES,
    });
    expect(error.refusals.map(r => r.message)).toEqual([
      `allowedSources[2]: the managed prefix list ${PREFIX_LIST} was not found in ${REGION} (account 123456789012). Check the id, or give the network's CIDR block instead.`,
      `allowedSources[3]: the security group ${PEER_GROUP} was not found in ${REGION} (account 123456789012). Check the id, or give the network's CIDR block instead (a group of another account cannot be referenced by id here).`,
    ]);
  });

  it('names the IAM action when DescribeManagedPrefixLists is denied', async () => {
    ec2Mock
      .on(DescribeManagedPrefixListsCommand)
      .rejects(ec2Error('UnauthorizedOperation'));
    const error = await refusalOf(ec2Mock, {
      ...base,
      allowedSources: [PREFIX_LIST],
    });
    expect(error.message).toContain('grant ec2:DescribeManagedPrefixLists');
  });

  it('refuses sources when the request uses only its own groups', async () => {
    ec2Mock
      .on(DescribeSecurityGroupsCommand, { GroupIds: [SG_GIVEN] })
      .resolves({ SecurityGroups: [{ GroupId: SG_GIVEN, VpcId: VPC_ID }] });
    const error = await refusalOf(ec2Mock, {
      ...base,
      securityGroupIds: [SG_GIVEN],
      allowedSources: ['192.168.0.0/16'],
    });
    expect(error.refusals).toEqual([
      {
        field: 'allowedSources',
        message:
          'allowedSources become rules of the security group the action manages, and this request does not use it (securityGroupIds are given). Set createSecurityGroup to true to have it as well, or add the sources to your own groups and remove allowedSources.',
      },
    ]);
  });

  it('catches the endpoint’s managed group up on update: a VPC block added later and a new source', async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .resolves({ VpcEndpoints: [endpoint()] });
    ec2Mock.on(DescribeSecurityGroupsCommand, byName).resolves({
      SecurityGroups: [
        managedSecurityGroup({
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: 443,
              ToPort: 443,
              IpRanges: [{ CidrIp: '10.0.0.0/16' }],
            },
          ],
        }),
      ],
    });

    const plan = await planEndpoint(ec2Client(), {
      ...base,
      onExisting: 'update',
      allowedSources: [PREFIX_LIST],
    });

    expect(plan.changes.find(c => c.kind === 'authorizeIngress')).toEqual(
      expect.objectContaining({
        groupId: SG_MANAGED,
        ingressCidrs: ['100.64.0.0/16'],
        ingressIpv6Cidrs: [],
        ingressPrefixListIds: [PREFIX_LIST],
        ingressSecurityGroupIds: [],
      }),
    );
    expect(plan.changes.map(c => c.kind)).not.toContain('createSecurityGroup');
  });

  it('leaves a reused endpoint alone and says the sources wait for an update', async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .resolves({ VpcEndpoints: [endpoint()] });
    const plan = await planEndpoint(ec2Client(), {
      ...base,
      allowedSources: ['192.168.0.0/16'],
    });
    expect(plan.changes.map(c => c.kind)).not.toContain('authorizeIngress');
    expect(plan.notes).toContainEqual(
      expect.stringContaining(
        'onExisting: update would add the group and its rules',
      ),
    );
  });
});
