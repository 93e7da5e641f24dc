import { endpointClientToken } from './clientToken';
import type { CreateEndpointParameters } from './types';

const parameters: CreateEndpointParameters = {
  vpcId: 'vpc-0a1b2c3d4e5f67890',
  serviceName: 'com.amazonaws.us-east-1.eks',
  subnetIds: ['subnet-0bbbbbbbbbbbbbbb1', 'subnet-0aaaaaaaaaaaaaaa1'],
  securityGroupIds: ['sg-0123456789abcdef0'],
  privateDnsEnabled: true,
  ipAddressType: 'ipv4',
  policyDocument: null,
  tags: { team: 'platform', env: 'prod' },
};
const token = (p: Partial<CreateEndpointParameters> = {}, history?: string[]) =>
  endpointClientToken({
    accountId: '123456789012',
    region: 'us-east-1',
    parameters: { ...parameters, ...p },
    history,
  });

describe('endpointClientToken', () => {
  it('fits EC2’s 64-character limit and is stable for the same request', () => {
    expect(token()).toHaveLength(64);
    expect(token()).toBe(token());
  });

  it('ignores the order of subnets, groups and tags', () => {
    expect(
      token({
        subnetIds: [...parameters.subnetIds].reverse(),
        tags: { env: 'prod', team: 'platform' },
      }),
    ).toBe(token());
  });

  it.each([
    ['a subnet', { subnetIds: ['subnet-0aaaaaaaaaaaaaaa1'] }],
    ['a group', { securityGroupIds: ['sg-0fedcba9876543210'] }],
    ['private DNS', { privateDnsEnabled: false }],
    ['the IP address type', { ipAddressType: 'dualstack' as const }],
    ['the policy', { policyDocument: '{"Statement":[]}' }],
    ['a tag', { tags: { team: 'other' } }],
  ])('changes when %s changes', (_what, change) => {
    expect(token(change)).not.toBe(token());
  });

  it('changes with the account, the region and the VPC’s deleted endpoints', () => {
    const other = endpointClientToken({
      accountId: '210987654321',
      region: 'us-east-1',
      parameters,
    });
    expect(other).not.toBe(token());
    expect(token({}, ['vpce-0123456789abcdef0'])).not.toBe(token());
  });
});
