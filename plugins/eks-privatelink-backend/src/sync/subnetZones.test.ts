import type { InventoryEndpoint } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { lacksZones, subnetsWithoutZones } from './subnetZones';

function endpoint(
  subnetIds: string[],
  availabilityZones: string[],
): InventoryEndpoint {
  return {
    vpcEndpointId: 'vpce-01',
    state: 'available',
    privateDnsEnabled: true,
    ipAddressType: 'ipv4',
    subnetIds,
    availabilityZones,
    networkInterfaceIds: [],
    securityGroupIds: [],
    dnsEntries: [],
    createdAt: null,
    lastSeenAt: null,
    lastError: null,
  };
}

describe('subnetsWithoutZones', () => {
  it('lists the subnets of endpoints with fewer AZs than subnets, once each', () => {
    const named = endpoint(
      ['subnet-a', 'subnet-b'],
      ['us-east-1a', 'us-east-1b'],
    );
    const unnamed = endpoint(['subnet-c', 'subnet-d'], []);
    const half = endpoint(['subnet-e', 'subnet-d'], ['us-east-1a']);
    expect(lacksZones(named)).toBe(false);
    expect(lacksZones(unnamed)).toBe(true);
    expect(lacksZones(half)).toBe(true);
    expect(subnetsWithoutZones([named, unnamed, half])).toEqual([
      'subnet-c',
      'subnet-d',
      'subnet-e',
    ]);
    expect(subnetsWithoutZones([named])).toEqual([]);
  });
});
