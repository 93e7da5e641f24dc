import type { InventoryEndpoint } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { AppliedEndpoint } from '../database/DatabaseAppliedStore';
import { appliedDrift, withAppliedDrift } from './appliedDrift';

const THIS_ACCOUNT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: '*',
      Action: '*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalAccount': '123456789012' } },
    },
  ],
});

// What AWS writes back for an endpoint without a policy.
const AWS_DEFAULT = JSON.stringify({
  Statement: [{ Action: '*', Effect: 'Allow', Principal: '*', Resource: '*' }],
});

const applied: AppliedEndpoint = {
  vpcEndpointId: 'vpce-0a000001',
  vpcId: 'vpc-0a000001',
  region: 'us-east-1',
  serviceName: 'com.amazonaws.us-east-1.eks',
  subnetIds: ['subnet-0b000001', 'subnet-0b000002'],
  securityGroupIds: ['sg-0c000001', 'sg-0c000002'],
  privateDnsEnabled: true,
  policyDocument: null,
  allowedSources: [],
  appliedAt: '2026-01-01T00:00:00.000Z',
};

function endpoint(fields: Partial<InventoryEndpoint> = {}): InventoryEndpoint {
  return {
    vpcEndpointId: 'vpce-0a000001',
    state: 'available',
    privateDnsEnabled: true,
    ipAddressType: 'ipv4',
    subnetIds: ['subnet-0b000002', 'subnet-0b000001'],
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    networkInterfaceIds: [],
    securityGroupIds: ['sg-0c000002', 'sg-0c000001'],
    dnsEntries: [],
    createdAt: null,
    lastSeenAt: null,
    lastError: null,
    policyDocument: AWS_DEFAULT,
    tags: { 'eks-privatelink:managed-by': 'backstage' },
    ...fields,
  };
}

describe('appliedDrift', () => {
  it('finds nothing when AWS holds what the portal applied, in any order, with the default policy', () => {
    expect(appliedDrift(endpoint(), applied)).toEqual([]);
  });

  it('names subnets added and removed outside the portal', () => {
    const [drift] = appliedDrift(
      endpoint({ subnetIds: ['subnet-0b000001', 'subnet-0b000003'] }),
      applied,
    );
    expect(drift).toEqual({
      field: 'subnets',
      expected: 'subnet-0b000001, subnet-0b000002',
      actual: 'subnet-0b000001, subnet-0b000003',
      message: expect.stringContaining(
        '(subnet-0b000003 added; subnet-0b000002 removed). Run the template with onExisting: update to set it back',
      ),
    });
  });

  it('notices a security group taken off, the managed one included', () => {
    const [drift] = appliedDrift(
      endpoint({ securityGroupIds: ['sg-0c000002'] }),
      applied,
    );
    expect(drift).toMatchObject({
      field: 'securityGroups',
      expected: 'sg-0c000001, sg-0c000002',
      actual: 'sg-0c000002',
    });
    expect(drift.message).toContain('sg-0c000001 removed');
  });

  it('notices private DNS turned off', () => {
    expect(
      appliedDrift(endpoint({ privateDnsEnabled: false }), applied),
    ).toEqual([
      expect.objectContaining({
        field: 'privateDns',
        expected: 'private DNS on',
        actual: 'private DNS off',
        message: expect.stringContaining('resolves to public addresses'),
      }),
    ]);
  });

  it('compares policies as normalized JSON and calls a changed one drift', () => {
    const reordered = JSON.stringify({
      Statement: [
        {
          Resource: '*',
          Condition: {
            StringEquals: { 'aws:PrincipalAccount': '123456789012' },
          },
          Action: '*',
          Principal: '*',
          Effect: 'Allow',
        },
      ],
    });
    const withPolicy = { ...applied, policyDocument: THIS_ACCOUNT };
    expect(
      appliedDrift(endpoint({ policyDocument: reordered }), withPolicy),
    ).toEqual([]);

    expect(appliedDrift(endpoint(), withPolicy)).toEqual([
      expect.objectContaining({
        field: 'policy',
        expected: 'Only principals of AWS account 123456789012.',
        actual: expect.stringMatching(/^Full access/),
      }),
    ]);
  });

  it('adds to the security group rule drift of live managed endpoints only', () => {
    const rules = {
      field: 'securityGroupRules',
      expected: 'e',
      actual: 'a',
      message: 'm',
    };
    const map = new Map([['vpce-0a000001', applied]]);
    const [managed] = withAppliedDrift(
      [
        {
          vpcId: 'vpc-0a000001',
          endpoint: endpoint({ privateDnsEnabled: false, drift: [rules] }),
        },
      ],
      map,
    );
    expect(managed.endpoint.drift?.map(d => d.field)).toEqual([
      'securityGroupRules',
      'privateDns',
    ]);

    const [deleted, unmanaged] = withAppliedDrift(
      [
        {
          vpcId: 'vpc-0a000001',
          endpoint: endpoint({ state: 'deleted', privateDnsEnabled: false }),
        },
        {
          vpcId: 'vpc-0a000001',
          endpoint: endpoint({ tags: {}, privateDnsEnabled: false }),
        },
      ],
      map,
    );
    expect(deleted.endpoint.drift).toBeUndefined();
    expect(unmanaged.endpoint.drift).toBeUndefined();
  });
});
