import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import {
  ec2Client,
  ec2Error,
  managedSecurityGroup,
  OTHER_VPC_ID,
  SG_GIVEN,
  SG_MANAGED,
  VPC_ID,
} from '../../testUtils';
import {
  cleanVpcMock,
  base,
  createChange,
  refusalOf,
} from '../__testUtils__/planFixtures';
import { planEndpoint } from '../planEndpoint';

const ec2Mock = cleanVpcMock();

describe('planEndpoint, security groups', () => {
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
      .resolves({ SecurityGroups: [managedSecurityGroup()] });

    const plan = await planEndpoint(ec2Client(), base);

    expect(plan.changes.map(c => c.kind)).not.toContain('createSecurityGroup');
    // It has its rule: nothing to add.
    expect(plan.changes.map(c => c.kind)).not.toContain('authorizeIngress');
    expect(plan.managedSecurityGroupId).toBe(SG_MANAGED);
    expect(createChange(plan).parameters.securityGroupIds).toEqual([
      SG_MANAGED,
    ]);
    expect(createChange(plan).clientToken).not.toBeNull();
  });

  it('refuses a security group of another VPC', async () => {
    ec2Mock
      .on(DescribeSecurityGroupsCommand, { GroupIds: [SG_GIVEN] })
      .resolves({
        SecurityGroups: [{ GroupId: SG_GIVEN, VpcId: OTHER_VPC_ID }],
      });
    const error = await refusalOf(ec2Mock, {
      ...base,
      securityGroupIds: [SG_GIVEN],
    });
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
    const error = await refusalOf(ec2Mock, {
      ...base,
      securityGroupIds: [SG_GIVEN],
    });
    expect(error.message).toContain(`${SG_GIVEN} was not found`);
  });

  describe('a group with the managed name found by an earlier run', () => {
    const byName = {
      Filters: [
        { Name: 'vpc-id', Values: [VPC_ID] },
        { Name: 'group-name', Values: [`eks-privatelink-endpoint-${VPC_ID}`] },
      ],
    };

    it('adds the 443 rules it lacks', async () => {
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

      const plan = await planEndpoint(ec2Client(), base);

      expect(plan.changes.map(c => c.kind)).toEqual([
        'enableDnsHostnames',
        'authorizeIngress',
        'createEndpoint',
      ]);
      expect(
        plan.changes.find(c => c.kind === 'authorizeIngress'),
      ).toMatchObject({
        groupId: SG_MANAGED,
        ingressCidrs: ['100.64.0.0/16'],
        ingressIpv6Cidrs: [],
      });
    });

    it('is refused, naming the group and what to do, without the managed tags', async () => {
      ec2Mock.on(DescribeSecurityGroupsCommand, byName).resolves({
        SecurityGroups: [managedSecurityGroup({ Tags: [] })],
      });

      const error = await refusalOf(ec2Mock, base);

      expect(error.refusals[0].field).toBe('createSecurityGroup');
      expect(error.message).toContain(
        `already has a security group named eks-privatelink-endpoint-${VPC_ID} (${SG_MANAGED}) that does not carry the portal's tags`,
      );
      expect(error.message).toContain('Rename or delete');
    });
  });
});
