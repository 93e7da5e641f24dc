import {
  validateAccountId,
  validateIdList,
  validateRegion,
  validateSecurityGroupId,
  validateSubnetId,
  validateTags,
  validateTimeoutSeconds,
  validateVpcAnnotations,
  validateVpcEndpointId,
  validateVpcId,
} from './validation';

describe('id checks', () => {
  it('accept 8 and 17 hex digit ids', () => {
    expect(validateVpcId('vpc-1a2b3c4d')).toBeUndefined();
    expect(validateVpcId('vpc-0a1b2c3d4e5f67890')).toBeUndefined();
    expect(validateSubnetId('subnet-0a1b2c3d4e5f67890')).toBeUndefined();
    expect(validateSecurityGroupId('sg-1a2b3c4d')).toBeUndefined();
    expect(validateVpcEndpointId('vpce-0a1b2c3d4e5f67890')).toBeUndefined();
  });

  it('name the field and show an example', () => {
    expect(validateVpcId('vpc-123')).toBe(
      "vpcId 'vpc-123' is not a VPC id: expected vpc- followed by 8 or 17 hex digits, such as vpc-0a1b2c3d4e5f67890.",
    );
    expect(validateSubnetId('sg-1a2b3c4d', 'subnetIds[1]')).toMatch(
      /^subnetIds\[1\] 'sg-1a2b3c4d' is not a subnet id/,
    );
    expect(validateSecurityGroupId('default')).toMatch(/^securityGroupIds/);
  });

  it('hint at the fix for upper case and spaces', () => {
    expect(validateVpcId('vpc-1A2B3C4D')).toContain('Write it in lower case.');
    expect(validateVpcId(' vpc-1a2b3c4d')).toContain('Remove the spaces');
  });

  it('refuse empty and non-string values', () => {
    expect(validateVpcId('')).toMatch(/^vpcId is empty/);
    expect(validateVpcId(undefined)).toMatch(/^vpcId is empty/);
  });

  it('check each id of a list and refuse repeats', () => {
    expect(
      validateIdList(
        ['subnet-11111111', 'subnet-22222222'],
        'subnetIds',
        validateSubnetId,
      ),
    ).toBeUndefined();
    expect(
      validateIdList(
        ['subnet-11111111', 'nope'],
        'subnetIds',
        validateSubnetId,
      ),
    ).toMatch(/^subnetIds\[1\] 'nope'/);
    expect(
      validateIdList(
        ['subnet-11111111', 'subnet-11111111'],
        'subnetIds',
        validateSubnetId,
      ),
    ).toBe('subnetIds lists subnet-11111111 twice: give each id once.');
    expect(validateIdList('subnet-1', 'subnetIds', validateSubnetId)).toBe(
      'subnetIds must be a list of ids.',
    );
  });
});

describe('validateRegion', () => {
  it.each([
    'us-east-1',
    'eu-central-2',
    'us-gov-west-1',
    'cn-north-1',
    'us-isob-east-1',
  ])('accepts %s', region => expect(validateRegion(region)).toBeUndefined());

  it('explains that an AZ is not a region', () => {
    expect(validateRegion('us-east-1a')).toContain('not an Availability Zone');
    expect(validateRegion('US-EAST-1')).toMatch(/^region 'US-EAST-1'/);
  });
});

describe('validateAccountId', () => {
  it('wants 12 digits as a string', () => {
    expect(validateAccountId('012345678901')).toBeUndefined();
    expect(validateAccountId(12345678901)).toContain('quote it in YAML');
  });
});

describe('validateTags', () => {
  it('accepts ordinary tags and none', () => {
    expect(validateTags({ team: 'platform', cost: '' })).toBeUndefined();
    expect(validateTags(undefined)).toBeUndefined();
  });

  it('refuses the reserved aws: prefix, any case', () => {
    expect(validateTags({ 'AWS:owner': 'me' })).toBe(
      "tags.AWS:owner: keys starting with 'aws:' are reserved for AWS — rename the key.",
    );
  });

  it('refuses keys over 128 and values over 256 characters', () => {
    expect(validateTags({ ['k'.repeat(129)]: 'v' })).toContain(
      'is 129 characters; EC2 allows at most 128',
    );
    expect(
      validateTags({ ['k'.repeat(128)]: 'v'.repeat(256) }),
    ).toBeUndefined();
    expect(validateTags({ note: 'v'.repeat(257) })).toContain(
      'tags.note is 257 characters',
    );
  });

  it('refuses more than 50 tags', () => {
    const tags = Object.fromEntries(
      Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']),
    );
    expect(validateTags(tags)).toBe(
      'tags has 51 tags; EC2 allows at most 50 — remove 1.',
    );
  });

  it('refuses non-string values and non-maps', () => {
    expect(validateTags({ replicas: 3 })).toContain('must be a string');
    expect(validateTags(['a'])).toContain('must be a map');
  });
});

describe('validateTimeoutSeconds', () => {
  it('accepts 1 to 3600', () => {
    expect(validateTimeoutSeconds(1)).toBeUndefined();
    expect(validateTimeoutSeconds(3600)).toBeUndefined();
  });

  it.each([0, 3601, 1.5, '600'])('refuses %p', value => {
    expect(validateTimeoutSeconds(value)).toMatch(
      /^timeoutSeconds .* from 1 to 3600/,
    );
  });
});

describe('validateVpcAnnotations', () => {
  const entity = (annotations: Record<string, string>) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'vpc', annotations },
  });

  it('accepts well-formed annotations and entities that name no VPC', () => {
    expect(
      validateVpcAnnotations(
        entity({
          'aws.amazon.com/vpc-id': 'vpc-0a1b2c3d4e5f67890',
          'aws.amazon.com/region': 'eu-west-1',
          'aws.amazon.com/account-id': '123456789012',
        }),
      ),
    ).toBeUndefined();
    expect(validateVpcAnnotations(entity({}))).toBeUndefined();
  });

  it('names the annotation each bad value was read from', () => {
    expect(
      validateVpcAnnotations(
        entity({ 'amazonaws.com/vpc-id': `vpc-${'a'.repeat(196)}` }),
      ),
    ).toMatch(/^annotation amazonaws\.com\/vpc-id 'vpc-a+' is not a VPC id/);
    expect(
      validateVpcAnnotations(
        entity({
          'aws.amazon.com/vpc-id': 'vpc-1a2b3c4d',
          'aws.amazon.com/region': 'us-east-1a',
        }),
      ),
    ).toMatch(/^annotation aws\.amazon\.com\/region 'us-east-1a' is not/);
    expect(
      validateVpcAnnotations(
        entity({
          'aws.amazon.com/arn':
            'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-123',
        }),
      ),
    ).toMatch(/^annotation aws\.amazon\.com\/arn 'vpc-123' is not a VPC id/);
    expect(
      validateVpcAnnotations(
        entity({
          'aws.amazon.com/vpc-id': 'vpc-1a2b3c4d',
          'aws.amazon.com/account-id': '1234',
        }),
      ),
    ).toMatch(/^annotation aws\.amazon\.com\/account-id '1234'/);
  });
});
