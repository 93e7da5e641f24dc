import {
  allowedSourceKind,
  MAX_ALLOWED_SOURCES,
  validateAllowedSources,
} from './allowedSources';

describe('allowedSourceKind', () => {
  it.each([
    ['10.20.0.0/16', 'ipv4Cidr'],
    ['192.168.1.7/32', 'ipv4Cidr'],
    ['0.0.0.0/0', 'ipv4Cidr'],
    ['2600:1f14::/56', 'ipv6Cidr'],
    ['::/0', 'ipv6Cidr'],
    ['2001:db8:0:0:0:0:0:1/128', 'ipv6Cidr'],
    ['pl-63a5400a', 'prefixList'],
    ['pl-0a1b2c3d4e5f67890', 'prefixList'],
    ['sg-0a1b2c3d4e5f67890', 'securityGroup'],
  ])('reads %s as %s', (source, kind) => {
    expect(allowedSourceKind(source)).toBe(kind);
  });

  it.each([
    '10.20.0.0',
    '10.256.0.0/16',
    '10.0.0.0/33',
    '2600:1f14::/129',
    '2600:1f14:::1/64',
    '1:2:3:4:5:6:7:8:9/64',
    'pl-xyz',
    'sg-123',
    'vpc-0a1b2c3d4e5f67890',
  ])('reads %s as nothing', source => {
    expect(allowedSourceKind(source)).toBeUndefined();
  });
});

describe('validateAllowedSources', () => {
  it('accepts an absent list and a list of each kind', () => {
    expect(validateAllowedSources(undefined)).toBeUndefined();
    expect(
      validateAllowedSources([
        '172.16.0.0/12',
        '2600:1f14:abc::/56',
        'pl-0a1b2c3d4e5f67890',
        'sg-0a1b2c3d4e5f67890',
      ]),
    ).toBeUndefined();
  });

  it('names the entry and the fix for something that is no source', () => {
    expect(validateAllowedSources(['10.0.0.0/16', 'corp-network'])).toBe(
      "allowedSources[1] 'corp-network' is not an IPv4 or IPv6 CIDR block (such as 10.20.0.0/16 or 2600:1f14::/56), a managed prefix list id (pl- followed by 8 or 17 hex digits) or a security group id (sg- followed by 8 or 17 hex digits): correct it or remove it.",
    );
  });

  it('gives the network address when host bits are set', () => {
    expect(validateAllowedSources(['10.1.2.3/16'])).toContain(
      'write 10.1.0.0/16',
    );
    expect(validateAllowedSources(['2600:1f14::1/56'])).toContain(
      'write 2600:1f14::/56',
    );
  });

  it('asks for lower case ids, refuses blanks and repeats, and reports every problem', () => {
    const problem = validateAllowedSources([
      'SG-0A1B2C3D4E5F67890',
      ' 10.0.0.0/8',
      '',
      'pl-63a5400a',
      'pl-63a5400a',
    ]);
    expect(problem).toContain("allowedSources[0] 'SG-0A1B2C3D4E5F67890'");
    expect(problem).toContain('Write the id in lower case.');
    expect(problem).toContain('allowedSources[1]');
    expect(problem).toContain('remove them');
    expect(problem).toContain('allowedSources[2] is empty');
    expect(problem).toContain(
      "allowedSources[4] 'pl-63a5400a' repeats allowedSources[3]",
    );
  });

  it('refuses more sources than a group takes, pointing to prefix lists', () => {
    const many = Array.from(
      { length: MAX_ALLOWED_SOURCES + 1 },
      (_, i) => `10.${i}.0.0/16`,
    );
    expect(validateAllowedSources(many)).toContain(
      'group CIDR blocks into a managed prefix list',
    );
  });
});
