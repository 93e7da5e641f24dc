import {
  SEED_RULES,
  checkIpAddressType,
  checkPolicyDocument,
  checkPrivateDns,
  checkRegion,
  checkSubnetZones,
  eksServiceName,
  regionAvailability,
  resolveRules,
  type EksServiceDescription,
} from '.';

function live(
  overrides: Partial<EksServiceDescription> = {},
): EksServiceDescription {
  return {
    serviceName: 'com.amazonaws.us-east-1.eks',
    exists: true,
    availabilityZones: ['us-east-1b', 'us-east-1a'],
    policySupported: true,
    ipAddressTypes: ['ipv4', 'ipv6'],
    ...overrides,
  };
}

describe('eksServiceName', () => {
  it('names the regional EKS service', () => {
    expect(eksServiceName('eu-central-1')).toBe(
      'com.amazonaws.eu-central-1.eks',
    );
  });
});

describe('resolveRules', () => {
  it('refuses nothing on the seed word when AWS could not be asked, and keeps the seed as history', () => {
    const rules = resolveRules({
      region: 'us-east-1',
      liveError: 'ec2:DescribeVpcEndpointServices is denied',
    });
    expect(rules.available).toMatchObject({ value: true, source: 'unknown' });
    expect(rules.available.history).toBeUndefined();
    expect(rules.endpointPolicySupported).toMatchObject({
      value: true,
      source: 'unknown',
      history:
        'The seed guide (2023) said EKS endpoints take no endpoint policy.',
    });
    expect(rules.endpointPolicySupported.reason).toBe(
      "Endpoint policies: supported (source: unknown, could not ask AWS (ec2:DescribeVpcEndpointServices is denied); AWS's answer to the create decides, or set eksPrivateLink.rules.endpointPolicySupported)",
    );
    expect(rules.ipAddressTypes).toMatchObject({
      value: ['ipv4', 'dualstack', 'ipv6'],
      source: 'unknown',
      history: 'The seed guide (2023) said the EKS endpoint is IPv4 only.',
    });
    expect(rules.privateDnsDefault).toMatchObject({
      value: true,
      source: 'seed',
    });
    expect(rules.privateDnsDefault.history).toBeUndefined();
    expect(rules.privateDnsRequiresVpcDnsAttributes.value).toBe(true);
    expect(rules.availabilityZones).toBeNull();
  });

  it('lets config beat the seed', () => {
    const rules = resolveRules({
      region: 'ap-northeast-3',
      config: {
        unavailableRegions: ['mx-central-1'],
        endpointPolicySupported: true,
        ipAddressTypes: ['ipv4', 'dualstack'],
        privateDnsDefault: false,
      },
    });
    expect(rules.available).toMatchObject({ value: true, source: 'config' });
    expect(rules.endpointPolicySupported).toMatchObject({
      value: true,
      source: 'config',
    });
    expect(rules.endpointPolicySupported.reason).toContain('app-config');
    expect(rules.ipAddressTypes.value).toEqual(['ipv4', 'dualstack']);
    expect(rules.privateDnsDefault).toMatchObject({
      value: false,
      source: 'config',
    });
  });

  it('lets the live AWS answer beat config and seed', () => {
    const rules = resolveRules({
      region: 'ap-northeast-3',
      config: { endpointPolicySupported: false, ipAddressTypes: ['ipv4'] },
      live: live({ serviceName: 'com.amazonaws.ap-northeast-3.eks' }),
    });
    expect(rules.available).toMatchObject({ value: true, source: 'aws' });
    expect(rules.endpointPolicySupported).toMatchObject({
      value: true,
      source: 'aws',
    });
    expect(rules.ipAddressTypes).toMatchObject({
      value: ['ipv4', 'dualstack', 'ipv6'],
      source: 'aws',
    });
    expect(rules.availabilityZones?.value).toEqual([
      'us-east-1a',
      'us-east-1b',
    ]);
  });

  it('falls back to config where AWS leaves a field out', () => {
    const rules = resolveRules({
      region: 'us-east-1',
      config: { endpointPolicySupported: true },
      live: live({ policySupported: null, ipAddressTypes: [] }),
    });
    expect(rules.endpointPolicySupported.source).toBe('config');
    expect(rules.ipAddressTypes).toMatchObject({
      value: ['ipv4', 'dualstack', 'ipv6'],
      source: 'unknown',
    });
    expect(rules.ipAddressTypes.reason).toContain(
      'DescribeVpcEndpointServices did not say',
    );
  });

  it('marks the region unavailable when AWS has no such service', () => {
    const rules = resolveRules({
      region: 'us-east-1',
      live: live({ exists: false, availabilityZones: [] }),
    });
    expect(rules.available).toMatchObject({ value: false, source: 'aws' });
    expect(rules.availabilityZones).toBeNull();
  });
});

describe('regionAvailability', () => {
  it.each(['ap-northeast-3', 'ap-southeast-3', 'me-central-1'])(
    'does not refuse %s on the seed word when AWS could not be asked',
    region => {
      expect(
        regionAvailability(region, {
          liveError: 'ec2:DescribeVpcEndpointServices is denied',
        }),
      ).toEqual({
        supported: true,
        source: 'unknown',
        reason: `Could not ask AWS whether com.amazonaws.${region}.eks is offered in ${region} (ec2:DescribeVpcEndpointServices is denied); AWS's answer to the create decides`,
        history: `The seed guide (2023) said the EKS endpoint is not available in ${region}.`,
      });
    },
  );

  it('says why it does not know about other regions, with no history', () => {
    expect(regionAvailability('eu-west-1')).toEqual({
      supported: true,
      reason:
        "Could not ask AWS whether com.amazonaws.eu-west-1.eks is offered in eu-west-1; AWS's answer to the create decides",
      source: 'unknown',
    });
  });

  it('gives no reason when AWS says the region is supported', () => {
    expect(
      regionAvailability('ap-northeast-3', {
        live: live({ serviceName: 'com.amazonaws.ap-northeast-3.eks' }),
      }),
    ).toEqual({ supported: true, reason: null, source: 'aws' });
  });

  it('follows a config list instead of the seed list', () => {
    const config = { unavailableRegions: ['ap-southeast-5'] };
    expect(regionAvailability('ap-northeast-3', { config }).supported).toBe(
      true,
    );
    expect(regionAvailability('ap-southeast-5', { config })).toMatchObject({
      supported: false,
      source: 'config',
    });
  });
});

describe('checks', () => {
  const seed = resolveRules({ region: 'us-east-1' });
  const configured = resolveRules({
    region: 'us-east-1',
    config: { ipAddressTypes: ['ipv4'], endpointPolicySupported: false },
  });

  it('refuses no IP type, policy or region when nobody could say', () => {
    const osaka = resolveRules({ region: 'ap-northeast-3' });
    expect(checkIpAddressType('ipv6', osaka)).toBeUndefined();
    expect(checkPolicyDocument('{"Statement":[]}', osaka)).toBeUndefined();
    expect(checkRegion(osaka)).toBeUndefined();
  });

  it('refuses dualstack by a config rule and says how to override', () => {
    const refusal = checkIpAddressType('dualstack', configured);
    expect(refusal?.field).toBe('ipAddressType');
    expect(refusal?.source).toBe('config');
    expect(refusal?.message).toContain("ipAddressType 'dualstack'");
    expect(refusal?.message).toContain('eksPrivateLink.rules.ipAddressTypes');
    expect(checkIpAddressType('ipv4', configured)).toBeUndefined();
    expect(checkIpAddressType(undefined, configured)).toBeUndefined();
  });

  it('accepts dualstack when AWS lists IPv6', () => {
    const rules = resolveRules({ region: 'us-east-1', live: live() });
    expect(checkIpAddressType('dualstack', rules)).toBeUndefined();
  });

  it('refuses a policy document unless policies are supported', () => {
    const refusal = checkPolicyDocument('{"Statement":[]}', configured);
    expect(refusal).toMatchObject({
      field: 'policyDocument',
      source: 'config',
    });
    expect(refusal?.message).toContain('Remove policyDocument');
    expect(checkPolicyDocument(undefined, configured)).toBeUndefined();
    const aws = resolveRules({ region: 'us-east-1', live: live() });
    expect(checkPolicyDocument({ Statement: [] }, aws)).toBeUndefined();
  });

  it('says an AWS-made refusal cannot be overridden', () => {
    const aws = resolveRules({
      region: 'us-east-1',
      live: live({ policySupported: false }),
    });
    expect(checkPolicyDocument('{}', aws)?.message).toContain(
      'cannot be overridden',
    );
  });

  it('refuses an unavailable region', () => {
    expect(
      checkRegion(
        resolveRules({
          region: 'me-central-1',
          config: { unavailableRegions: ['me-central-1'] },
        }),
      ),
    ).toMatchObject({ field: 'region', source: 'config' });
    expect(checkRegion(seed)).toBeUndefined();
  });

  it('refuses private DNS with a DNS attribute off and manageVpcDns false', () => {
    const input = {
      privateDnsEnabled: true,
      manageVpcDns: false,
      dnsSupport: true,
      dnsHostnames: false,
      vpcId: 'vpc-12345678',
    };
    const refusal = checkPrivateDns(input, seed);
    expect(refusal?.field).toBe('privateDnsEnabled');
    expect(refusal?.message).toContain('enableDnsHostnames');
    expect(refusal?.message).not.toContain('enableDnsSupport and');
    expect(checkPrivateDns({ ...input, manageVpcDns: true }, seed)).toBe(
      undefined,
    );
    expect(checkPrivateDns({ ...input, privateDnsEnabled: false }, seed)).toBe(
      undefined,
    );
  });

  it('refuses two subnets in one AZ and a subnet in an unsupported AZ', () => {
    const rules = resolveRules({ region: 'us-east-1', live: live() });
    const refusals = checkSubnetZones(
      [
        { subnetId: 'subnet-11111111', availabilityZone: 'us-east-1a' },
        { subnetId: 'subnet-22222222', availabilityZone: 'us-east-1a' },
        { subnetId: 'subnet-33333333', availabilityZone: 'us-east-1e' },
      ],
      rules,
    );
    expect(refusals.map(r => r.message)).toEqual([
      expect.stringContaining(
        'subnet-11111111 and subnet-22222222 are both in us-east-1a',
      ),
      expect.stringContaining('subnet-33333333 is in us-east-1e'),
    ]);
    expect(refusals.every(r => r.field === 'subnetIds')).toBe(true);
  });

  it('does not judge AZs when AWS was not asked', () => {
    expect(
      checkSubnetZones(
        [{ subnetId: 'subnet-33333333', availabilityZone: 'us-east-1e' }],
        seed,
      ),
    ).toEqual([]);
  });
});

describe('SEED_RULES', () => {
  it('holds the seed guide values', () => {
    expect(SEED_RULES).toEqual({
      endpointType: 'Interface',
      unavailableRegions: ['ap-northeast-3', 'ap-southeast-3', 'me-central-1'],
      endpointPolicySupported: false,
      ipAddressTypes: ['ipv4'],
      privateDnsDefault: true,
      privateDnsRequiresVpcDnsAttributes: true,
    });
  });
});
