import { managedGroupBehind, managedGroupVpcBlocks } from './ingressRules';

const rule443 = {
  IpProtocol: 'tcp',
  FromPort: 443,
  ToPort: 443,
  IpRanges: [{ CidrIp: '10.0.0.0/16' }],
  Ipv6Ranges: [{ CidrIpv6: '2600:1F14:ABC::/56' }],
  PrefixListIds: [{ PrefixListId: 'pl-63a5400a' }],
};

describe('managedGroupBehind', () => {
  it('is empty for a group that admits the VPC and every source', () => {
    expect(
      managedGroupBehind(
        [rule443],
        ['10.0.0.0/16'],
        ['2600:1f14:abc::/56', 'pl-63a5400a'],
      ),
    ).toEqual([]);
  });

  it('lists a VPC block associated later and a source the group lacks', () => {
    expect(
      managedGroupBehind(
        [rule443],
        ['10.0.0.0/16', '100.64.0.0/16'],
        ['sg-0fedcba9876543210', 'pl-63a5400a'],
      ),
    ).toEqual(['100.64.0.0/16', 'sg-0fedcba9876543210']);
  });

  it('does not count a rule for another port, and counts an all-traffic rule', () => {
    const ssh = { ...rule443, FromPort: 22, ToPort: 22 };
    expect(managedGroupBehind([ssh], ['10.0.0.0/16'])).toEqual(['10.0.0.0/16']);
    expect(
      managedGroupBehind(
        [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '10.0.0.0/16' }] }],
        ['10.0.0.0/16'],
      ),
    ).toEqual([]);
  });
});

describe('managedGroupVpcBlocks', () => {
  const vpc = {
    CidrBlock: '10.0.0.0/16',
    CidrBlockAssociationSet: [
      {
        CidrBlock: '10.0.0.0/16',
        CidrBlockState: { State: 'associated' as const },
      },
      {
        CidrBlock: '10.9.0.0/16',
        CidrBlockState: { State: 'disassociated' as const },
      },
      {
        CidrBlock: '100.64.0.0/16',
        CidrBlockState: { State: 'associated' as const },
      },
    ],
    Ipv6CidrBlockAssociationSet: [
      {
        Ipv6CidrBlock: '2600:1f14:abc::/56',
        Ipv6CidrBlockState: { State: 'associated' as const },
      },
    ],
  };

  it('takes the associated IPv4 blocks, and IPv6 ones only for non-ipv4 endpoints', () => {
    expect(managedGroupVpcBlocks(vpc, 'ipv4')).toEqual([
      '10.0.0.0/16',
      '100.64.0.0/16',
    ]);
    expect(managedGroupVpcBlocks(vpc, 'dualstack')).toEqual([
      '10.0.0.0/16',
      '100.64.0.0/16',
      '2600:1f14:abc::/56',
    ]);
  });
});
