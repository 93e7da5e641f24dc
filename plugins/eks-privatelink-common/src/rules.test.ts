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
} from './rules';

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
  it('uses the seed guide when nothing else is known', () => {
    const rules = resolveRules({ region: 'us-east-1' });
    expect(rules.available).toMatchObject({ value: true, source: 'seed' });
    expect(rules.endpointPolicySupported.value).toBe(false);
    expect(rules.endpointPolicySupported.reason).toBe(
      'Endpoint policies: not supported (source: seed guide default; override with eksPrivateLink.rules.endpointPolicySupported)',
    );
    expect(rules.ipAddressTypes).toMatchObject({
      value: ['ipv4'],
      source: 'seed',
    });
    expect(rules.privateDnsDefault.value).toBe(true);
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
      value: ['ipv4'],
      source: 'seed',
    });
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
    'refuses %s by the seed guide',
    region => {
      const result = regionAvailability(region);
      expect(result.supported).toBe(false);
      expect(result.source).toBe('seed');
      expect(result.reason).toContain(region);
      expect(result.reason).toContain(
        'eksPrivateLink.rules.unavailableRegions',
      );
    },
  );

  it('accepts other regions with no reason', () => {
    expect(regionAvailability('eu-west-1')).toEqual({
      supported: true,
      reason: null,
      source: 'seed',
    });
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

  it('refuses dualstack by the seed rule and says how to override', () => {
    const refusal = checkIpAddressType('dualstack', seed);
    expect(refusal?.field).toBe('ipAddressType');
    expect(refusal?.source).toBe('seed');
    expect(refusal?.message).toContain("ipAddressType 'dualstack'");
    expect(refusal?.message).toContain('eksPrivateLink.rules.ipAddressTypes');
    expect(checkIpAddressType('ipv4', seed)).toBeUndefined();
    expect(checkIpAddressType(undefined, seed)).toBeUndefined();
  });

  it('accepts dualstack when AWS lists IPv6', () => {
    const rules = resolveRules({ region: 'us-east-1', live: live() });
    expect(checkIpAddressType('dualstack', rules)).toBeUndefined();
  });

  it('refuses a policy document unless policies are supported', () => {
    const refusal = checkPolicyDocument('{"Statement":[]}', seed);
    expect(refusal).toMatchObject({ field: 'policyDocument', source: 'seed' });
    expect(refusal?.message).toContain('Remove policyDocument');
    expect(checkPolicyDocument(undefined, seed)).toBeUndefined();
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
    expect(checkRegion(resolveRules({ region: 'me-central-1' }))).toMatchObject(
      { field: 'region', source: 'seed' },
    );
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
