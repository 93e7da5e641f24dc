import {
  type Vpc,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import type { InventoryEndpoint } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { mockClient } from 'aws-sdk-client-mock';
import { withManagedGroupDrift } from './managedGroupDrift';

const ec2 = mockClient(EC2Client);

function observed(
  vpcEndpointId: string,
  managed: boolean,
  ipAddressType = 'ipv4',
) {
  const endpoint: InventoryEndpoint = {
    vpcEndpointId,
    state: 'available',
    privateDnsEnabled: true,
    ipAddressType,
    subnetIds: ['subnet-0a'],
    availabilityZones: ['us-east-1a'],
    networkInterfaceIds: [],
    securityGroupIds: ['sg-0managed', 'sg-0other'],
    dnsEntries: [],
    createdAt: null,
    lastSeenAt: null,
    lastError: null,
    tags: managed ? { 'eks-privatelink:managed-by': 'backstage' } : {},
  };
  return { vpcId: 'vpc-0a', endpoint };
}

const vpc: Vpc = {
  VpcId: 'vpc-0a',
  CidrBlockAssociationSet: [
    {
      CidrBlock: '10.0.0.0/16',
      CidrBlockState: { State: 'associated' as const },
    },
    {
      CidrBlock: '10.1.0.0/16',
      CidrBlockState: { State: 'associated' as const },
    },
    {
      CidrBlock: '10.2.0.0/16',
      CidrBlockState: { State: 'disassociated' as const },
    },
  ],
  Ipv6CidrBlockAssociationSet: [
    {
      Ipv6CidrBlock: '2600:1f18::/56',
      Ipv6CidrBlockState: { State: 'associated' as const },
    },
  ],
};

const managedGroup = {
  GroupId: 'sg-0managed',
  IpPermissions: [
    {
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      IpRanges: [{ CidrIp: '10.0.0.0/16' }],
    },
  ],
};

describe('withManagedGroupDrift', () => {
  beforeEach(() => {
    ec2.reset();
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [vpc] });
    ec2
      .on(DescribeSecurityGroupsCommand)
      .resolves({ SecurityGroups: [managedGroup] });
  });

  it('names the associated CIDR block the managed group does not admit', async () => {
    const [result] = await withManagedGroupDrift(
      new EC2Client({}),
      [observed('vpce-0a', true)],
      jest.fn(),
    );
    expect(result.endpoint.drift).toEqual([
      expect.objectContaining({
        field: 'securityGroupRules',
        message: expect.stringMatching(
          /^The managed security group sg-0managed does not admit 10\.1\.0\.0\/16 on TCP 443.*onExisting: update/,
        ),
      }),
    ]);
    // The disassociated block and the IPv6 block of an ipv4 endpoint are not wanted.
    expect(result.endpoint.drift?.[0].message).not.toMatch(/10\.2\.|2600/);
  });

  it('wants the IPv6 blocks for a dual-stack endpoint', async () => {
    const [result] = await withManagedGroupDrift(
      new EC2Client({}),
      [observed('vpce-0a', true, 'dualstack')],
      jest.fn(),
    );
    expect(result.endpoint.drift?.[0].message).toContain(
      '10.1.0.0/16, 2600:1f18::/56',
    );
  });

  it('asks AWS nothing for endpoints the portal does not manage', async () => {
    const [result] = await withManagedGroupDrift(
      new EC2Client({}),
      [observed('vpce-0b', false)],
      jest.fn(),
    );
    expect(result.endpoint.drift).toBeUndefined();
    expect(ec2.calls()).toHaveLength(0);
  });

  it('keeps the endpoints without a drift answer and warns when the reads are denied', async () => {
    ec2.on(DescribeSecurityGroupsCommand).rejects(
      Object.assign(new Error('You are not authorized'), {
        name: 'UnauthorizedOperation',
      }),
    );
    const warn = jest.fn();
    const [result] = await withManagedGroupDrift(
      new EC2Client({}),
      [observed('vpce-0a', true)],
      warn,
    );
    expect(result.endpoint.drift).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('grant ec2:DescribeSecurityGroups'),
    );
  });
});
