import type { VpcEndpoint } from '@aws-sdk/client-ec2';
import { toInventoryEndpoint } from './inventoryEndpoint';
import { wireState } from './testUtils';

const NOW = new Date('2026-11-26T10:00:00.000Z');

function endpoint(overrides: Partial<VpcEndpoint> = {}): VpcEndpoint {
  return {
    VpcEndpointId: 'vpce-0a1b2c3d4e5f67890',
    VpcEndpointType: 'Interface',
    VpcId: 'vpc-0a1b2c3d4e5f67890',
    ServiceName: 'com.amazonaws.us-east-1.eks',
    State: wireState('available'),
    PrivateDnsEnabled: true,
    IpAddressType: 'ipv4',
    SubnetIds: ['subnet-11111111', 'subnet-22222222'],
    NetworkInterfaceIds: ['eni-11111111', 'eni-22222222'],
    Groups: [{ GroupId: 'sg-11111111', GroupName: 'eks-endpoint' }],
    DnsEntries: [
      {
        DnsName:
          'vpce-0a1b2c3d4e5f67890-abcd1234.eks.us-east-1.vpce.amazonaws.com',
        HostedZoneId: 'Z7HUB22UULQXV',
      },
      {
        DnsName:
          'vpce-0a1b2c3d4e5f67890-abcd1234-us-east-1b.eks.us-east-1.vpce.amazonaws.com',
        HostedZoneId: 'Z7HUB22UULQXV',
      },
      {
        DnsName:
          'vpce-0a1b2c3d4e5f67890-abcd1234-us-east-1a.eks.us-east-1.vpce.amazonaws.com',
        HostedZoneId: 'Z7HUB22UULQXV',
      },
      { DnsName: 'eks.us-east-1.amazonaws.com', HostedZoneId: 'ZONE123' },
    ],
    CreationTimestamp: new Date('2026-11-01T08:30:00.000Z'),
    Tags: [{ Key: 'team', Value: 'platform' }],
    ...overrides,
  };
}

describe('toInventoryEndpoint', () => {
  it('maps every field the inventory shows', () => {
    expect(toInventoryEndpoint(endpoint(), NOW)).toEqual({
      vpcEndpointId: 'vpce-0a1b2c3d4e5f67890',
      serviceName: 'com.amazonaws.us-east-1.eks',
      state: 'available',
      privateDnsEnabled: true,
      ipAddressType: 'ipv4',
      subnetIds: ['subnet-11111111', 'subnet-22222222'],
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      networkInterfaceIds: ['eni-11111111', 'eni-22222222'],
      securityGroupIds: ['sg-11111111'],
      dnsEntries: [
        {
          dnsName:
            'vpce-0a1b2c3d4e5f67890-abcd1234.eks.us-east-1.vpce.amazonaws.com',
          hostedZoneId: 'Z7HUB22UULQXV',
        },
        {
          dnsName:
            'vpce-0a1b2c3d4e5f67890-abcd1234-us-east-1b.eks.us-east-1.vpce.amazonaws.com',
          hostedZoneId: 'Z7HUB22UULQXV',
        },
        {
          dnsName:
            'vpce-0a1b2c3d4e5f67890-abcd1234-us-east-1a.eks.us-east-1.vpce.amazonaws.com',
          hostedZoneId: 'Z7HUB22UULQXV',
        },
        { dnsName: 'eks.us-east-1.amazonaws.com', hostedZoneId: 'ZONE123' },
      ],
      createdAt: '2026-11-01T08:30:00.000Z',
      lastSeenAt: '2026-11-26T10:00:00.000Z',
      lastError: null,
      tags: { team: 'platform' },
      policyDocument: null,
    });
  });

  it('keeps the endpoint policy as AWS returns it', () => {
    const policy =
      '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"123456789012"}}}]}';
    expect(
      toInventoryEndpoint(endpoint({ PolicyDocument: policy }), NOW)
        .policyDocument,
    ).toBe(policy);
  });

  it.each([
    ['Available', 'available'],
    ['available', 'available'],
    ['PendingAcceptance', 'pendingacceptance'],
    ['pendingAcceptance', 'pendingacceptance'],
    ['Failed', 'failed'],
  ])('stores the state %s as %s', (state, expected) => {
    expect(
      toInventoryEndpoint(endpoint({ State: wireState(state) }), NOW).state,
    ).toBe(expected);
  });

  it('keeps the reason of a failed endpoint', () => {
    const result = toInventoryEndpoint(
      endpoint({
        State: 'Failed',
        LastError: { Code: 'InsufficientCapacity', Message: 'try later' },
      }),
      NOW,
    );
    expect(result.lastError).toEqual({
      code: 'InsufficientCapacity',
      message: 'try later',
    });
  });

  it('prefers a subnet to AZ map over the DNS names', () => {
    expect(
      toInventoryEndpoint(endpoint({ DnsEntries: [] }), NOW, {
        subnetAvailabilityZones: {
          'subnet-11111111': 'us-east-1c',
          'subnet-22222222': 'us-east-1d',
        },
      }).availabilityZones,
    ).toEqual(['us-east-1c', 'us-east-1d']);
  });

  it('reads local-zone names and ignores endpoints of unknown services', () => {
    const local = endpoint({
      ServiceName: 'com.amazonaws.us-west-2.eks',
      DnsEntries: [
        {
          DnsName:
            'vpce-0a1b2c3d4e5f67890-abcd1234-us-west-2-lax-1a.eks.us-west-2.vpce.amazonaws.com',
          HostedZoneId: 'Z1',
        },
      ],
    });
    expect(toInventoryEndpoint(local, NOW).availabilityZones).toEqual([
      'us-west-2-lax-1a',
    ]);
    expect(
      toInventoryEndpoint(endpoint({ ServiceName: undefined }), NOW)
        .availabilityZones,
    ).toEqual([]);
  });

  it('fills gaps an emulator leaves', () => {
    const sparse = toInventoryEndpoint(
      {
        VpcEndpointId: 'vpce-12345678',
        State: wireState('pending'),
      },
      NOW,
    );
    expect(sparse).toMatchObject({
      state: 'pending',
      privateDnsEnabled: false,
      ipAddressType: 'ipv4',
      subnetIds: [],
      availabilityZones: [],
      securityGroupIds: [],
      createdAt: null,
      tags: {},
      policyDocument: null,
    });
  });
});
