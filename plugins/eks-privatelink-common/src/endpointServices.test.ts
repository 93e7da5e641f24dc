import {
  endpointServiceLabel,
  endpointServiceName,
  endpointServiceOf,
  isEksEndpointService,
} from './endpointServices';
import {
  checkPolicyDocument,
  checkRegion,
  checkSubnetZones,
  eksServiceName,
  resolveRules,
} from '.';

describe('EKS endpoint services', () => {
  it('names the PrivateLink service of each, keeping eksServiceName for eks', () => {
    expect(endpointServiceName('eks', 'us-east-1')).toBe(
      'com.amazonaws.us-east-1.eks',
    );
    expect(eksServiceName('us-east-1')).toBe('com.amazonaws.us-east-1.eks');
    expect(endpointServiceName('eks-auth', 'eu-west-1')).toBe(
      'com.amazonaws.eu-west-1.eks-auth',
    );
  });

  it('tells the service of a service name, and nothing for others', () => {
    expect(endpointServiceOf('com.amazonaws.us-east-1.eks')).toBe('eks');
    expect(endpointServiceOf('com.amazonaws.us-east-1.eks-auth')).toBe(
      'eks-auth',
    );
    expect(endpointServiceOf('com.amazonaws.us-east-1.eks-fips')).toBe(
      undefined,
    );
    expect(endpointServiceOf(undefined)).toBe(undefined);
    expect(isEksEndpointService('eks-auth')).toBe(true);
    expect(isEksEndpointService('ecr.api')).toBe(false);
  });

  it('labels them for messages', () => {
    expect(endpointServiceLabel('eks')).toBe('EKS API');
    expect(endpointServiceLabel('eks-auth')).toBe(
      'EKS Pod Identity (eks-auth)',
    );
  });
});

describe('resolveRules for eks-auth', () => {
  const region = 'us-west-2';
  const live = {
    serviceName: 'com.amazonaws.us-west-2.eks-auth',
    exists: true,
    availabilityZones: ['us-west-2d', 'us-west-2a', 'us-west-2b'],
    policySupported: false,
    ipAddressTypes: ['ipv4', 'ipv6'],
  };

  it('takes the AZs, policy and IP types from the live answer of eks-auth', () => {
    const rules = resolveRules({ region, service: 'eks-auth', live });

    expect(rules.service).toBe('eks-auth');
    expect(rules.serviceName).toBe('com.amazonaws.us-west-2.eks-auth');
    expect(rules.availabilityZones?.value).toEqual([
      'us-west-2a',
      'us-west-2b',
      'us-west-2d',
    ]);
    expect(rules.ipAddressTypes.value).toEqual(['ipv4', 'dualstack', 'ipv6']);
    expect(
      checkSubnetZones(
        [
          {
            subnetId: 'subnet-0ccccccccccccccc1',
            availabilityZone: 'us-west-2c',
          },
        ],
        rules,
      )[0].message,
    ).toContain(
      'us-west-2c, where com.amazonaws.us-west-2.eks-auth is not offered (supported: us-west-2a, us-west-2b, us-west-2d)',
    );
    expect(checkPolicyDocument('{}', rules)?.message).toContain(
      'com.amazonaws.us-west-2.eks-auth does not support endpoint policies (source: DescribeVpcEndpointServices)',
    );
  });

  it('does not apply the seed or eksPrivateLink.rules, which are about eks, and says so', () => {
    const rules = resolveRules({
      region: 'me-central-1',
      service: 'eks-auth',
      config: {
        unavailableRegions: ['me-central-1'],
        endpointPolicySupported: false,
        ipAddressTypes: ['ipv4'],
        privateDnsDefault: false,
      },
      liveError: 'ec2:DescribeVpcEndpointServices is denied',
    });

    expect(rules.available).toEqual({
      value: true,
      source: 'unknown',
      reason:
        "Could not ask AWS whether com.amazonaws.me-central-1.eks-auth is offered in me-central-1 (ec2:DescribeVpcEndpointServices is denied); AWS's answer to the create decides",
    });
    expect(rules.endpointPolicySupported.value).toBe(true);
    expect(rules.endpointPolicySupported.history).toBeUndefined();
    expect(rules.endpointPolicySupported.reason).toBe(
      "Endpoint policies: supported (source: unknown, could not ask AWS (ec2:DescribeVpcEndpointServices is denied); AWS's answer to the create decides (the seed guide and eksPrivateLink.rules are about the eks service only))",
    );
    expect(rules.ipAddressTypes.value).toEqual(['ipv4', 'dualstack', 'ipv6']);
    expect(rules.privateDnsDefault.value).toBe(true);
    expect(rules.privateDnsDefault.reason).toContain(
      'the seed guide and eksPrivateLink.rules are about the eks service only',
    );
    // The same inputs for eks follow config.
    const eks = resolveRules({
      region: 'me-central-1',
      config: { unavailableRegions: ['me-central-1'] },
    });
    expect(eks.service).toBe('eks');
    expect(checkRegion(eks)?.message).toContain(
      "region 'me-central-1': the EKS interface endpoint is not offered there (source: app-config)",
    );
  });

  it('names EKS Pod Identity when AWS does not offer eks-auth in the region', () => {
    const rules = resolveRules({
      region,
      service: 'eks-auth',
      live: { ...live, exists: false, availabilityZones: [] },
    });

    expect(rules.available.reason).toBe(
      'com.amazonaws.us-west-2.eks-auth is not offered in us-west-2 (source: DescribeVpcEndpointServices); choose a region where AWS offers the EKS Pod Identity (eks-auth) endpoint',
    );
    expect(checkRegion(rules)?.message).toBe(
      "region 'us-west-2': the EKS Pod Identity (eks-auth) interface endpoint is not offered there (source: DescribeVpcEndpointServices). Use a VPC in another region; AWS reports this for the region, so it cannot be overridden.",
    );
  });
});
