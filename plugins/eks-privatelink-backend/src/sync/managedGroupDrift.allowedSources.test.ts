import {
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import type { InventoryEndpoint } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { mockClient } from 'aws-sdk-client-mock';
import { withManagedGroupDrift } from './managedGroupDrift';

const ec2 = mockClient(EC2Client);

const endpoint: InventoryEndpoint = {
  vpcEndpointId: 'vpce-0a000001',
  state: 'available',
  privateDnsEnabled: true,
  ipAddressType: 'ipv4',
  subnetIds: ['subnet-0a000001'],
  availabilityZones: ['us-east-1a'],
  networkInterfaceIds: [],
  securityGroupIds: ['sg-0a000001'],
  dnsEntries: [],
  createdAt: null,
  lastSeenAt: null,
  lastError: null,
  tags: { 'eks-privatelink:managed-by': 'backstage' },
};

describe('withManagedGroupDrift with the applied allowedSources', () => {
  beforeEach(() => {
    ec2.reset();
    ec2.on(DescribeVpcsCommand).resolves({
      Vpcs: [{ VpcId: 'vpc-0a000001', CidrBlock: '10.0.0.0/16' }],
    });
    ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [
        {
          GroupId: 'sg-0a000001',
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: 443,
              ToPort: 443,
              IpRanges: [
                { CidrIp: '10.0.0.0/16' },
                { CidrIp: '192.168.0.0/24' },
              ],
              PrefixListIds: [],
            },
          ],
        },
      ],
    });
  });
  afterAll(() => ec2.restore());

  it('names a chosen source whose rule was removed, and nothing when all are admitted', async () => {
    const sources: Record<string, string[]> = {
      'vpce-0a000001': ['192.168.0.0/24', 'pl-0a1b2c3d'],
    };
    const [result] = await withManagedGroupDrift(
      new EC2Client({ region: 'us-east-1' }),
      [{ vpcId: 'vpc-0a000001', endpoint }],
      jest.fn(),
      undefined,
      id => sources[id] ?? [],
    );
    expect(result.endpoint.drift).toEqual([
      {
        field: 'securityGroupRules',
        expected: 'TCP 443 from pl-0a1b2c3d',
        actual: 'sg-0a000001 does not admit pl-0a1b2c3d',
        message: expect.stringContaining(
          'chosen in allowedSources, and its rule was removed outside the portal',
        ),
      },
    ]);
    expect(result.endpoint.drift?.[0].message).toContain('onExisting: update');

    sources['vpce-0a000001'] = ['192.168.0.0/24'];
    const [clean] = await withManagedGroupDrift(
      new EC2Client({ region: 'us-east-1' }),
      [{ vpcId: 'vpc-0a000001', endpoint }],
      jest.fn(),
      undefined,
      id => sources[id] ?? [],
    );
    expect(clean.endpoint.drift).toEqual([]);
  });
});
