import type { Entity } from '@backstage/catalog-model';
import type {
  InventoryEndpoint,
  InventoryRecord,
  SubnetsResponse,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

/** A VPC entity as the examples in the catalog describe it. */
export function vpcEntity(annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'build-runners',
      namespace: 'default',
      annotations: annotations ?? {
        'aws.amazon.com/vpc-id': 'vpc-0a1b2c3d4e5f60718',
        'aws.amazon.com/region': 'us-east-1',
        'aws.amazon.com/account-id': '123456789012',
      },
    },
    spec: { type: 'vpc', owner: 'group:default/platform-networking' },
  };
}

export const ENTITY_REF = 'resource:default/build-runners';

/** An available endpoint in two AZs with private DNS. */
export function endpoint(
  overrides: Partial<InventoryEndpoint> = {},
): InventoryEndpoint {
  return {
    vpcEndpointId: 'vpce-0123456789abcdef0',
    state: 'available',
    privateDnsEnabled: true,
    ipAddressType: 'ipv4',
    subnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'],
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    networkInterfaceIds: ['eni-0aaaaaaaaaaaaaaa1', 'eni-0bbbbbbbbbbbbbbb2'],
    securityGroupIds: ['sg-0ccccccccccccccc3'],
    dnsEntries: [
      {
        dnsName:
          'vpce-0123456789abcdef0-abcd1234.eks.us-east-1.vpce.amazonaws.com',
        hostedZoneId: 'Z7HUB22UULQXV',
      },
    ],
    createdAt: '2025-03-01T09:00:00.000Z',
    lastSeenAt: '2025-03-02T10:00:00.000Z',
    lastError: null,
    managed: true,
    serviceName: 'com.amazonaws.us-east-1.eks',
    stateHistory: [
      { state: 'pending', at: '2025-03-01T09:00:00.000Z' },
      { state: 'available', at: '2025-03-01T09:02:30.000Z' },
    ],
    ...overrides,
  };
}

/** A synced record of the VPC with the given endpoints. */
export function inventoryRecord(
  overrides: Partial<InventoryRecord> = {},
): InventoryRecord {
  return {
    entityRef: ENTITY_REF,
    serviceName: 'com.amazonaws.us-east-1.eks',
    regionSupported: true,
    regionSupportReason: null,
    vpc: {
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      region: 'us-east-1',
      accountId: '123456789012',
      dnsSupport: true,
      dnsHostnames: true,
    },
    endpoints: [endpoint()],
    pricing: {
      currency: 'USD',
      hourlyPerAz: 0.01,
      azCount: 2,
      estimatedMonthly: 14.6,
      dataProcessingPerGb: 0.01,
      source: 'default',
      notes: ['A partial hour is billed as a full hour.'],
    },
    sync: {
      status: 'ok',
      lastSyncedAt: '2025-03-02T10:00:00.000Z',
      error: null,
    },
    ...overrides,
  };
}

/** Three subnets in two supported AZs and one in an AZ without the service. */
export const SUBNETS: SubnetsResponse = {
  vpcId: 'vpc-0a1b2c3d4e5f60718',
  region: 'us-east-1',
  serviceName: 'com.amazonaws.us-east-1.eks',
  subnets: [
    {
      subnetId: 'subnet-0aaaaaaaaaaaaaaa1',
      availabilityZone: 'us-east-1a',
      availabilityZoneId: 'use1-az1',
      cidrBlock: '10.0.1.0/24',
      name: 'private-a',
      serviceSupported: true,
    },
    {
      subnetId: 'subnet-0aaaaaaaaaaaaaaa2',
      availabilityZone: 'us-east-1a',
      availabilityZoneId: 'use1-az1',
      cidrBlock: '10.0.2.0/24',
      name: 'private-a2',
      serviceSupported: true,
    },
    {
      subnetId: 'subnet-0bbbbbbbbbbbbbbb2',
      availabilityZone: 'us-east-1b',
      availabilityZoneId: 'use1-az2',
      cidrBlock: '10.0.3.0/24',
      name: 'private-b',
      serviceSupported: true,
    },
    {
      subnetId: 'subnet-0eeeeeeeeeeeeeee5',
      availabilityZone: 'us-east-1e',
      availabilityZoneId: 'use1-az3',
      cidrBlock: '10.0.5.0/24',
      name: 'private-e',
      serviceSupported: false,
    },
  ],
};
